// One thin slab filling the screen, old photo on the front, new on the back, turned half a
// revolution about the vertical (uAxisMode 0) or horizontal (1) axis and ray-cast, so the
// nearest face wins as with a depth test. Edges are neutral glass, the space around it both photos dimmed; a specular highlight
// (uSpecDir) sweeps the faces while they turn.
uniform int uAxisMode;
uniform float uSpin;
uniform vec3 uSpecDir;

vec3 turn(vec3 v, float a) {
    float c = cos(a);
    float s = sin(a);
    if (uAxisMode == 0) return vec3(c * v.x + s * v.z, v.y, -s * v.x + c * v.z);
    return vec3(v.x, c * v.y - s * v.z, s * v.y + c * v.z);
}

void main() {
    float a = aspect();
    const float THICK = 0.02;
    const float EYE = 3.0;
    vec2 p = vec2((vUv.x * 2.0 - 1.0) * a, 1.0 - vUv.y * 2.0);
    vec3 ro = vec3(0.0, 0.0, EYE);
    vec3 rd = normalize(vec3(p, THICK) - ro);
    float ang = uProgress * 3.14159265 * uSpin;
    vec3 lo = turn(ro, -ang);
    vec3 ld = turn(rd, -ang);
    ld = vec3(abs(ld.x) < 1e-6 ? 1e-6 : ld.x, abs(ld.y) < 1e-6 ? 1e-6 : ld.y, abs(ld.z) < 1e-6 ? 1e-6 : ld.z);
    vec3 b = vec3(a, 1.0, THICK);
    vec3 t0 = (-b - lo) / ld;
    vec3 t1 = (b - lo) / ld;
    vec3 tmin = min(t0, t1);
    vec3 tmax = max(t0, t1);
    float tn = max(max(tmin.x, tmin.y), tmin.z);
    float tf = min(min(tmax.x, tmax.y), tmax.z);
    if (tn > tf || tf < 0.0) {
        // Behind the slab: both photos, dimmed, so the turn never shows a black screen.
        fragColor = vec4(mix(oldAt(vUv).rgb, newAt(vUv).rgb, uProgress) * 0.3, 1.0);
        return;
    }
    vec3 hit = lo + ld * tn;
    vec3 normal;
    vec3 base;
    if (tn == tmin.z) {
        normal = vec3(0.0, 0.0, -sign(ld.z));
        vec2 uv = vec2(hit.x / a * 0.5 + 0.5, 0.5 - hit.y * 0.5);
        if (normal.z > 0.0) {
            base = oldAt(uv).rgb;
        } else {
            // The back face, seen after the turn, shows the new photo the right way round.
            base = newAt(uAxisMode == 0 ? vec2(1.0 - uv.x, uv.y) : vec2(uv.x, 1.0 - uv.y)).rgb;
        }
    } else {
        normal = tn == tmin.x ? vec3(-sign(ld.x), 0.0, 0.0) : vec3(0.0, -sign(ld.y), 0.0);
        base = vec3(0.55, 0.6, 0.65);
    }
    vec3 n = turn(normal, ang);
    float diffuse = 0.8 + 0.2 * max(n.z, 0.0);
    vec3 l = normalize(uSpecDir);
    float spec = pow(max(dot(reflect(-l, n), -rd), 0.0), 40.0) * 0.35 * abs(sin(ang));
    fragColor = vec4(base * diffuse + vec3(spec), 1.0);
}
