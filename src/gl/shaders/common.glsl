// Shared by every transition: the two photos, progress (0 = old, 1 = new, already eased),
// the target size in pixels, the run's direction and seed.
uniform sampler2D uOld;
uniform sampler2D uNew;
uniform float uProgress;
uniform vec2 uResolution;
uniform int uDirection;
uniform float uSeed;

in vec2 vUv;
out vec4 fragColor;

vec4 oldAt(vec2 uv) { return texture(uOld, uv); }
vec4 newAt(vec2 uv) { return texture(uNew, uv); }
float aspect() { return uResolution.x / uResolution.y; }

// Dave Hoskins' hash without sine; needs highp (Mesa's mediump breaks it).
float hash12(vec2 p) {
    vec3 p3 = fract(vec3(p.xyx) * 0.1031);
    p3 += dot(p3, p3.yzx + 33.33);
    return fract((p3.x + p3.y) * p3.z);
}

vec2 hash22(vec2 p) {
    vec3 p3 = fract(vec3(p.xyx) * vec3(0.1031, 0.1030, 0.0973));
    p3 += dot(p3, p3.yzx + 33.33);
    return fract((p3.xx + p3.yz) * p3.zy);
}

vec2 rotate2(vec2 v, float a) {
    float c = cos(a);
    float s = sin(a);
    return vec2(c * v.x - s * v.y, s * v.x + c * v.y);
}
