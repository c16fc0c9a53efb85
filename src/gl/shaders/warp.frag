// A vortex: swirl = sin(pi t) 3.3 pi (1-r)^2 with an edge mask (0.94..1), unwound by 75 % over
// smoothstep(0.6, 1, t); the old photo pulled inwards (radius r (1 - 0.45 t (1-r))), the new
// one zooming from 0.85 to 1; revealed in phases: centre smoothstep(0.16, 0.41), ring
// smoothstep(0.27, 0.63), tail smoothstep(0.72, 0.94).
void main() {
    float t = uProgress;
    float a = aspect();
    vec2 p = (vUv - 0.5) * vec2(a, 1.0);
    float maxR = length(vec2(a, 1.0) * 0.5);
    float r = length(p) / maxR;
    float edge = 1.0 - smoothstep(0.94, 1.0, r);
    float swirl = sin(3.14159265 * t) * 3.3 * 3.14159265 * (1.0 - r) * (1.0 - r) * edge;
    swirl *= 1.0 - 0.75 * smoothstep(0.6, 1.0, t);
    vec2 po = rotate2(p, swirl) / (1.0 - 0.45 * t * (1.0 - min(r, 1.0)));
    vec2 pn = rotate2(p, -swirl * 0.35) * min(0.85 + 0.25 * t, 1.0);
    float centre = smoothstep(0.16, 0.41, t) * (1.0 - smoothstep(0.2, 0.45, r));
    float ring = smoothstep(0.27, 0.63, t) * (1.0 - smoothstep(0.5, 0.85, r));
    float m = max(max(centre, ring), smoothstep(0.72, 0.94, t));
    vec3 col = mix(oldAt(po / vec2(a, 1.0) + 0.5).rgb, newAt(pn / vec2(a, 1.0) + 0.5).rgb, m);
    fragColor = vec4(col, 1.0);
}
