// A hard edge sweeping along an axis: L2R x, R2L 1-x, T2B y, B2T 1-y, TL-BR (x+y)/2,
// TR-BL ((1-x)+y)/2.
float axis(vec2 uv) {
    if (uDirection == 0) return uv.x;
    if (uDirection == 1) return 1.0 - uv.x;
    if (uDirection == 2) return uv.y;
    if (uDirection == 3) return 1.0 - uv.y;
    if (uDirection == 4) return (uv.x + uv.y) * 0.5;
    return ((1.0 - uv.x) + uv.y) * 0.5;
}

void main() {
    fragColor = vec4((axis(vUv) < uProgress ? newAt(vUv) : oldAt(vUv)).rgb, 1.0);
}
