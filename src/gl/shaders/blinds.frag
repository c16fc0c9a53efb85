// 14 columns; in each a band of the new photo grows from the centre outwards (feather 0.08),
// with a final global tail smoothstep(0.96, 1.0).
void main() {
    float f = fract(vUv.x * 14.0);
    float d = abs(f - 0.5) * 2.0;
    float edge = uProgress * 1.08;
    float m = 1.0 - smoothstep(edge - 0.08, edge, d);
    m = max(m, smoothstep(0.96, 1.0, uProgress));
    fragColor = vec4(mix(oldAt(vUv), newAt(vUv), m).rgb, 1.0);
}
