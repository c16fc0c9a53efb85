// One triangle covering the target. vUv is in image space: (0,0) is the photo's top-left
// texel, which is also row 0 of the target texture.
out vec2 vUv;

void main() {
    vec2 p = vec2(float((gl_VertexID << 1) & 2), float(gl_VertexID & 2));
    vUv = p;
    gl_Position = vec4(p * 2.0 - 1.0, 0.0, 1.0);
}
