// Square blocks (uGrid columns x rows) flip one by one from the leading edge, each in uFlip of
// the timeline (500 ms of duration + 500 ms), old face first, new face after half a turn.
// Start = position from the leading edge + jitter of +-0.35/max(cols, rows), with a bias
// towards the centre along the other axis. Diagonal directions flip in random order.
uniform vec2 uGrid;
uniform float uFlip;

void main() {
    vec2 g = vUv * uGrid;
    vec2 cell = floor(g);
    vec2 f = g - cell;
    vec2 n = (cell + 0.5) / uGrid;
    float order;
    if (uDirection == 0) order = n.x + abs(n.y - 0.5) * 0.2;
    else if (uDirection == 1) order = 1.0 - n.x + abs(n.y - 0.5) * 0.2;
    else if (uDirection == 2) order = n.y + abs(n.x - 0.5) * 0.2;
    else if (uDirection == 3) order = 1.0 - n.y + abs(n.x - 0.5) * 0.2;
    else order = hash12(cell * 1.7 + uSeed + 3.1);
    order += (hash12(cell + uSeed) - 0.5) * 0.7 / max(uGrid.x, uGrid.y);
    order = clamp(order / 1.1, 0.0, 1.0);
    float p = clamp((uProgress - order * (1.0 - uFlip)) / uFlip, 0.0, 1.0);
    if (p <= 0.0) { fragColor = vec4(oldAt(vUv).rgb, 1.0); return; }
    if (p >= 1.0) { fragColor = vec4(newAt(vUv).rgb, 1.0); return; }
    float angle = (0.5 - 0.5 * cos(p * 3.14159265)) * 3.14159265;
    float w = abs(cos(angle));
    bool horizontal = uDirection != 2 && uDirection != 3;
    float lc = horizontal ? f.x - 0.5 : f.y - 0.5;
    if (abs(lc) > 0.5 * w) {
        // The gap beside a turning block: the old photo in shadow.
        fragColor = vec4(oldAt(vUv).rgb * 0.25, 1.0);
        return;
    }
    float src = lc / max(w, 1e-4) + 0.5;
    vec2 uv = (cell + (horizontal ? vec2(src, f.y) : vec2(f.x, src))) / uGrid;
    float shade = 1.0 - 0.35 * sin(angle);
    vec3 face = angle < 1.5707963 ? oldAt(uv).rgb : newAt(uv).rgb;
    fragColor = vec4(face * shade, 1.0);
}
