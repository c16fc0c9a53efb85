void main() {
    fragColor = vec4(mix(oldAt(vUv), newAt(vUv), uProgress).rgb, 1.0);
}
