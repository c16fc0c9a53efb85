// Cells of uBlockSize pixels turn over in random order: each cell's threshold is
// pow(hash, 1.35) with a 0.18 smoothing window. Rectangle: the new photo grows from the cell's
// centre with an 8 % feathered edge. Membrane: soft circles from the 3x3 neighbour cells.
uniform float uBlockSize;
uniform int uShape;

float reveal(vec2 cell) {
    float h = pow(hash12(cell + uSeed), 1.35);
    float start = h * (1.0 - 0.18);
    return smoothstep(start, start + 0.18, uProgress);
}

void main() {
    vec2 g = vUv * uResolution / uBlockSize;
    vec2 cell = floor(g);
    float m = 0.0;
    if (uShape == 1) {
        for (int j = -1; j <= 1; j++) {
            for (int i = -1; i <= 1; i++) {
                vec2 c = cell + vec2(float(i), float(j));
                vec2 centre = c + 0.5 + (hash22(c + uSeed) - 0.5) * 0.3;
                float r = reveal(c) * 0.95;
                m = max(m, 1.0 - smoothstep(r - 0.08, r, length(g - centre)));
            }
        }
        m = max(m, smoothstep(0.85, 1.0, uProgress));
    } else {
        vec2 f = g - cell;
        float grow = reveal(cell) * 1.08;
        float d = max(abs(f.x - 0.5), abs(f.y - 0.5)) * 2.0;
        m = 1.0 - smoothstep(grow - 0.08, grow, d);
    }
    fragColor = vec4(mix(oldAt(vUv), newAt(vUv), m).rgb, 1.0);
}
