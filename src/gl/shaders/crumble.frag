// The old photo cracks into Voronoi pieces (uPieces across, jittered seeds; cracks open in the
// first 25 %: width 0.025 + 0.012 x complexity, with a dark border 0.02 wider), then the
// pieces fall between t = 0.05 and 0.95 with cubic acceleration, a per-piece delay of at most
// 0.30 chosen by uWeighting (0 top first, 1 bottom first, 2 random weighted, 3 random,
// 4 centre first), speed 0.9-1.2x and a little rotation. Clean new photo from t = 0.995.
uniform float uPieces;
uniform float uComplexity;
uniform int uWeighting;

vec2 seedPoint(vec2 cell) {
    return cell + 0.5 + (hash22(cell + uSeed) - 0.5) * 0.8;
}

// Jagged crack lines: the position is nudged by a fine noise that grows with complexity.
vec2 jag(vec2 g) {
    return g + (hash22(floor(g * 6.0 * uComplexity) + uSeed) - 0.5) * 0.04 * uComplexity;
}

// The piece (cell of its seed) that owns g, and how far g is from that piece's border.
vec2 owner(vec2 g, out float border) {
    vec2 base = floor(g);
    vec2 best = base;
    float d1 = 1e9;
    float d2 = 1e9;
    for (int j = -1; j <= 1; j++) {
        for (int i = -1; i <= 1; i++) {
            vec2 c = base + vec2(float(i), float(j));
            float d = length(g - seedPoint(c));
            if (d < d1) {
                d2 = d1;
                d1 = d;
                best = c;
            } else if (d < d2) {
                d2 = d;
            }
        }
    }
    border = (d2 - d1) * 0.5;
    return best;
}

float delayOf(vec2 cell, vec2 grid) {
    float h = hash12(cell * 1.3 + uSeed + 7.0);
    float y = clamp((cell.y + 0.5) / grid.y, 0.0, 1.0);
    float w;
    if (uWeighting == 0) w = mix(y, h, 0.2);
    else if (uWeighting == 1) w = mix(1.0 - y, h, 0.2);
    else if (uWeighting == 2) w = mix(y, h, 0.6);
    else if (uWeighting == 4) w = mix(length((cell + 0.5) / grid - 0.5) * 1.4, h, 0.2);
    else w = h;
    return 0.30 * clamp(w, 0.0, 1.0);
}

void main() {
    float t = uProgress;
    if (t >= 0.995) {
        fragColor = vec4(newAt(vUv).rgb, 1.0);
        return;
    }
    vec2 grid = vec2(uPieces, max(2.0, floor(uPieces * uResolution.y / uResolution.x + 0.5)));
    vec2 q = vUv * grid;
    float crack = (0.025 + 0.012 * uComplexity) * smoothstep(0.0, 0.25, t);
    vec3 col = newAt(vUv).rgb;
    float bestDrop = -1.0;
    // A piece seen here rests in this cell's neighbourhood or fell from at most 4 rows above.
    for (int dy = -1; dy <= 4; dy++) {
        for (int dx = -1; dx <= 1; dx++) {
            vec2 c = floor(q) + vec2(float(dx), -float(dy));
            float speed = 0.9 + 0.3 * hash12(c + uSeed + 11.0);
            float local = clamp((t - 0.05 - delayOf(c, grid)) / (0.6 / speed), 0.0, 1.0);
            float drop = local * local * local * 3.4;
            float alpha = 1.0 - smoothstep(0.75, 1.0, local);
            // A piece reaches this row only if it has dropped about dy rows (its cell spans
            // at most 1.5 rows either side of its seed).
            if (alpha <= 0.0 || drop <= bestDrop || abs(float(dy) - drop) > 1.6) continue;
            vec2 centre = seedPoint(c);
            float spin = (hash12(c + uSeed + 23.0) - 0.5) * 1.2 * local * local;
            vec2 drift = vec2((hash12(c + uSeed + 31.0) - 0.5) * 0.6 * local * local, drop);
            vec2 home = rotate2(q - centre - drift, -spin) + centre;
            float border;
            vec2 own = owner(jag(home), border);
            if (own != c) continue;
            vec3 piece = oldAt(home / grid).rgb;
            if (border < crack) piece *= 0.15;
            else if (border < crack + 0.02 * step(0.001, crack)) piece *= 0.55;
            col = mix(col, piece, alpha);
            bestDrop = drop;
        }
    }
    fragColor = vec4(col, 1.0);
}
