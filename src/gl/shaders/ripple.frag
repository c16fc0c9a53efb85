// A wave from the centre, aspect-corrected: spatial frequency 18, temporal 4, amplitude 0.012,
// attenuation exp(-6 |r - front|); the old photo 70 % refracted, the new one revealed by
// smoothstep(-0.04, 0.18, front - r), crest highlight +0.08, global tail
// smoothstep(0.78, 0.95, t).
void main() {
    float t = uProgress;
    float a = aspect();
    vec2 p = (vUv - 0.5) * vec2(a, 1.0);
    float r = length(p);
    float maxR = length(vec2(a, 1.0) * 0.5);
    float front = mix(-0.05, maxR + 0.2, t);
    float ramp = smoothstep(0.0, 0.08, t);
    float wave = sin(r * 18.0 * 3.14159265 - t * 4.0 * 6.2831853);
    float atten = exp(-6.0 * abs(r - front)) * ramp;
    vec2 dir = r > 1e-5 ? p / r : vec2(0.0);
    vec2 off = dir * wave * 0.012 * atten;
    off.x /= a;
    vec3 o = mix(oldAt(vUv).rgb, oldAt(vUv + off).rgb, 0.7);
    vec3 nw = newAt(vUv + off * 0.5).rgb;
    vec3 col = mix(o, nw, smoothstep(-0.04, 0.18, front - r));
    col += 0.08 * max(wave, 0.0) * atten;
    col = mix(col, newAt(vUv).rgb, smoothstep(0.78, 0.95, t));
    fragColor = vec4(col, 1.0);
}
