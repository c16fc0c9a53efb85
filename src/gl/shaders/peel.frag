// The old photo in uStrips strips across the travel axis; strip j starts after
// 0.7/(strips-1) x its index (the strip at the side it travels to first), narrows to 30 % and
// moves 1.2 screens along the direction, uncovering the new photo.
uniform float uStrips;

void main() {
    bool horizontal = uDirection <= 1;
    float s = horizontal ? vUv.x : vUv.y;
    float q = horizontal ? vUv.y : vUv.x;
    float sgn = (uDirection == 0 || uDirection == 2) ? 1.0 : -1.0;
    float n = uStrips;
    // Find the strip on top here first, then read one texel (not one per strip).
    float orig = -1.0;
    float shade = 1.0;
    for (int j = 0; j < 64; j++) {
        float fj = float(j);
        if (fj >= n) break;
        float index = sgn > 0.0 ? n - 1.0 - fj : fj;
        float local = clamp((uProgress - 0.7 / max(n - 1.0, 1.0) * index) / 0.3, 0.0, 1.0);
        float e = local * local * (3.0 - 2.0 * local);
        float width = (1.0 - 0.7 * e) / n;
        float lo = (fj + 0.5) / n + sgn * 1.2 * e - width * 0.5;
        if (s >= lo && s < lo + width) {
            orig = (fj + (s - lo) / width) / n;
            shade = 1.0 - 0.3 * e;
        }
    }
    if (orig < 0.0) {
        fragColor = vec4(newAt(vUv).rgb, 1.0);
    } else {
        fragColor = vec4(oldAt(horizontal ? vec2(orig, q) : vec2(q, orig)).rgb * shade, 1.0);
    }
}
