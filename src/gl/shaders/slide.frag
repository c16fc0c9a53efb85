// The old photo leaves towards the named side while the new one follows it in.
// uDirection: 0 left to right, 1 right to left, 2 top to bottom, 3 bottom to top.
void main() {
    float t = uProgress;
    vec2 d = uDirection == 0 ? vec2(1.0, 0.0) : uDirection == 1 ? vec2(-1.0, 0.0) : uDirection == 2 ? vec2(0.0, 1.0) : vec2(0.0, -1.0);
    vec2 o = vUv - d * t;
    if (o.x >= 0.0 && o.x <= 1.0 && o.y >= 0.0 && o.y <= 1.0) {
        fragColor = vec4(oldAt(o).rgb, 1.0);
    } else {
        fragColor = vec4(newAt(vUv - d * (t - 1.0)).rgb, 1.0);
    }
}
