// Balls of the new photo fly in and settle on a grid (cells of 1.6 x uRadius). Each ball
// leaves at order x 0.65 of the timeline (65 % spawn spread) and flies for 0.30 (30 % flight
// time); the photo under a ball turns new once it has arrived. Modes: 0 directional
// (uPDir 0-7, 8 one random direction, 9 a random one per ball), 1 swirl (curling in, uTurns,
// uOrder 0 typical / 1 centre outward / 2 edges inward), 2 converge (from outside inwards).
// Each pixel looks at the balls of the cells around it, so a ball is drawn over the last
// 2.5 cells of its path, with a motion trail behind it.
uniform int uMode;
uniform int uPDir;
uniform float uRadius;
uniform float uTrailLen;
uniform float uTrailStr;
uniform float uTurns;
uniform int uOrder;
uniform int uShade3d;
uniform int uTexMap;
uniform int uWobble;
uniform float uGloss;
uniform int uLight;

const float FLY = 2.5;

vec2 dirOf(int i) {
    if (i == 0) return vec2(1.0, 0.0);
    if (i == 1) return vec2(-1.0, 0.0);
    if (i == 2) return vec2(0.0, 1.0);
    if (i == 3) return vec2(0.0, -1.0);
    if (i == 4) return vec2(0.7071, 0.7071);
    if (i == 5) return vec2(-0.7071, 0.7071);
    if (i == 6) return vec2(0.7071, -0.7071);
    return vec2(-0.7071, -0.7071);
}

vec3 lightDir() {
    if (uLight == 0) return normalize(vec3(-0.6, 0.6, 0.55));
    if (uLight == 1) return normalize(vec3(0.6, 0.6, 0.55));
    if (uLight == 3) return normalize(vec3(-0.6, -0.6, 0.55));
    if (uLight == 4) return normalize(vec3(0.6, -0.6, 0.55));
    return vec3(0.0, 0.0, 1.0);
}

void main() {
    float t = uProgress;
    vec2 px = vUv * uResolution;
    float cs = uRadius * 1.6;
    vec2 here = floor(px / cs);
    vec2 centre = uResolution * 0.5;
    float maxR = length(centre);
    // The photo under the balls: new once this cell's own ball has arrived.
    vec3 base = oldAt(vUv).rgb;
    vec3 col = base;
    float bestE = -1.0;
    float trail = 0.0;
    vec3 trailCol = vec3(0.0);
    float ownArrive = 2.0;
    for (int j = -3; j <= 3; j++) {
        for (int i = -3; i <= 3; i++) {
            vec2 c = here + vec2(float(i), float(j));
            vec2 target = (c + 0.5) * cs;
            // A ball is never further from its target than its flight, plus its radius.
            if (length(px - target) > FLY * cs + uRadius * 1.15 && !(i == 0 && j == 0)) continue;
            vec2 fromCentre = target - centre;
            float rn = length(fromCentre) / maxR;
            vec2 radial = rn > 1e-4 ? normalize(fromCentre) : vec2(1.0, 0.0);
            vec2 travel;
            float order;
            if (uMode == 0) {
                int di = uPDir == 8 ? int(mod(uSeed, 8.0)) : uPDir == 9 ? int(hash12(c + uSeed) * 7.999) : uPDir;
                travel = dirOf(di);
                vec2 n = target / uResolution - 0.5;
                order = clamp(dot(n, travel) / (abs(travel.x) * 0.5 + abs(travel.y) * 0.5) * 0.5 + 0.5, 0.0, 1.0);
            } else if (uMode == 1) {
                travel = vec2(-radial.y, radial.x);
                float ang = atan(fromCentre.y, fromCentre.x) / 6.2831853 + 0.5;
                order = uOrder == 1 ? rn : uOrder == 2 ? 1.0 - rn : fract(ang + rn * 0.5);
            } else {
                travel = -radial;
                order = 1.0 - rn;
            }
            order = clamp(order * 0.92 + hash12(c + uSeed + 5.0) * 0.08, 0.0, 1.0);
            float s = order * 0.65;
            float arrive = s + 0.30;
            if (i == 0 && j == 0) ownArrive = arrive;
            if (t <= s) continue;
            float e = clamp((t - s) / 0.30, 0.0, 1.0);
            float k = (1.0 - e) * (1.0 - e);
            vec2 back = -travel * FLY * cs * k;
            if (uMode == 1) back = rotate2(back, (1.0 - e) * uTurns * 1.5707963);
            vec2 pos = target + back;
            float radius = uRadius * (0.35 + 0.65 * e);
            if (uWobble == 1 && e >= 1.0) {
                float since = (t - arrive) * 30.0;
                radius *= 1.0 + 0.12 * sin(since * 6.0) * exp(-since);
            }
            vec2 d = px - pos;
            float dist = length(d);
            if (dist < radius && e > bestE) {
                vec3 ball = uTexMap == 1 ? newAt((target + d) / uResolution).rgb : newAt(target / uResolution).rgb;
                float shade = 1.0 - smoothstep(0.0, 0.06, t - arrive);
                if (uShade3d == 1 && shade > 0.0) {
                    vec2 nn = d / radius;
                    vec3 normal = vec3(nn.x, -nn.y, sqrt(max(1.0 - dot(nn, nn), 0.0)));
                    vec3 l = lightDir();
                    float lit = 0.55 + 0.45 * max(dot(normal, l), 0.0);
                    float spec = pow(max(dot(reflect(-l, normal), vec3(0.0, 0.0, 1.0)), 0.0), uGloss) * 0.6;
                    float rim = pow(1.0 - normal.z, 3.0) * 0.25;
                    ball = mix(ball, ball * lit + vec3(spec + rim), shade);
                }
                col = ball;
                bestE = e;
            } else if (e < 1.0 && uTrailLen > 0.0) {
                // A fading streak behind a ball still in flight.
                vec2 tail = -travel * FLY * cs * uTrailLen;
                float along = clamp(dot(d, tail) / dot(tail, tail), 0.0, 1.0);
                float off = length(d - tail * along);
                if (off < radius * 0.6) {
                    float a = uTrailStr * (1.0 - along) * (1.0 - e);
                    if (a > trail) {
                        trail = a;
                        trailCol = newAt(target / uResolution).rgb;
                    }
                }
            }
        }
    }
    if (bestE < 0.0) {
        vec3 under = mix(base, newAt(vUv).rgb, smoothstep(ownArrive, ownArrive + 0.04, t));
        col = mix(under, trailCol, trail);
    }
    col = mix(col, newAt(vUv).rgb, smoothstep(0.97, 1.0, t));
    fragColor = vec4(col, 1.0);
}
