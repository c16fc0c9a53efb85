//! Group A in a saver window: the shader compositor living in the window's GL context, driven
//! from Slint's rendering notifier. The display hands it a job (two photos, a type, its
//! parameters) and a progress; before each frame the notifier draws the transition into the
//! compositor's texture and shows that texture as the window's photo. Failures are kept for
//! the slideshow, which demotes the whole session.

use crate::gl::{self, Compositor, Fault, GlError, Layer, SavedState, ShaderParams};
use crate::SaverAdapter;
use slint::{BorrowedOpenGLTextureBuilder, BorrowedOpenGLTextureOrigin, ComponentHandle, Rgba8Pixel, SharedPixelBuffer};
use srpss_core::transition::TransitionKind;

/// One transition for the shaders.
pub struct Job {
    pub kind: TransitionKind,
    pub params: ShaderParams,
    pub old: SharedPixelBuffer<Rgba8Pixel>,
    pub new: SharedPixelBuffer<Rgba8Pixel>,
    pub progress: f32,
    uploaded: bool,
}

impl Job {
    pub fn new(kind: TransitionKind, params: ShaderParams, old: SharedPixelBuffer<Rgba8Pixel>, new: SharedPixelBuffer<Rgba8Pixel>) -> Self {
        Self { kind, params, old, new, progress: 0.0, uploaded: false }
    }
}

#[derive(Default)]
pub struct GlLayer {
    /// Group A is in force for this window (the compositor is built on the next frame).
    pub active: bool,
    /// The group was chosen automatically: a software GL renderer then stays out of A.
    pub automatic: bool,
    pub fault: Fault,
    compositor: Option<Compositor>,
    /// Set up (or found unusable) already; never retried in a session.
    tried: bool,
    pub job: Option<Job>,
    /// The GL renderer's name, once known.
    pub renderer: Option<String>,
    /// A failure not yet reported to the slideshow.
    pub failure: Option<GlError>,
}

impl GlLayer {
    /// Called by the window's rendering notifier with its GL context current.
    pub fn notify(&mut self, state: &slint::RenderingState, api: &slint::GraphicsAPI<'_>, window: &slint::Weak<crate::SaverWindow>) {
        match state {
            slint::RenderingState::RenderingTeardown => self.compositor = None,
            slint::RenderingState::BeforeRendering | slint::RenderingState::RenderingSetup => {
                let slint::GraphicsAPI::NativeOpenGL { get_proc_address } = api else { return };
                if self.active && !self.tried {
                    self.tried = true;
                    self.set_up(get_proc_address);
                }
                if matches!(state, slint::RenderingState::BeforeRendering) {
                    self.draw(window);
                }
            }
            _ => {}
        }
    }

    fn set_up(&mut self, get_proc_address: &dyn Fn(&std::ffi::CStr) -> *const std::ffi::c_void) {
        // SAFETY: the notifier runs with the window's context current; names resolve on it.
        let context = unsafe { glow::Context::from_loader_function_cstr(|name| get_proc_address(name)) };
        // SAFETY: a string query on the current context.
        let renderer = unsafe { glow::HasContext::get_parameter_string(&context, glow::RENDERER) };
        self.renderer = Some(renderer.clone());
        if self.automatic && gl::is_software_renderer(&renderer) {
            // The slideshow moves the session to B; no programs are compiled for nothing.
            return;
        }
        // SAFETY: saving and restoring femtovg's state around our object creation.
        let saved = unsafe { SavedState::save(&context) };
        let built = Compositor::new(context, self.fault);
        match built {
            Ok(c) => {
                // SAFETY: as above, on the same context.
                unsafe { saved.restore(c.gl()) };
                self.compositor = Some(c);
            }
            Err(e) => self.failure = Some(e),
        }
    }

    fn draw(&mut self, window: &slint::Weak<crate::SaverWindow>) {
        let (Some(c), Some(job)) = (&mut self.compositor, &mut self.job) else { return };
        // SAFETY: the window's context is current during the notifier.
        let saved = unsafe { SavedState::save(c.gl()) };
        let drawn = (|| -> Result<_, GlError> {
            if !job.uploaded {
                c.upload(Layer::Old, job.old.width(), job.old.height(), job.old.as_bytes())?;
                c.upload(Layer::New, job.new.width(), job.new.height(), job.new.as_bytes())?;
                job.uploaded = true;
            }
            c.draw(job.kind, &job.params, job.progress)
        })();
        // SAFETY: restoring what was saved above, on the same context.
        unsafe { saved.restore(c.gl()) };
        let Some(ui) = window.upgrade() else { return };
        let adapter = ui.global::<SaverAdapter>();
        match drawn {
            Ok(texture) => {
                let size = [job.new.width(), job.new.height()].into();
                // SAFETY: the texture belongs to this window's context and lives until the
                // compositor is dropped at teardown; the image is replaced at every frame.
                let image = unsafe { BorrowedOpenGLTextureBuilder::new_gl_2d_rgba_texture(texture, size) }
                    .origin(BorrowedOpenGLTextureOrigin::TopLeft)
                    .build();
                adapter.set_current(image);
            }
            Err(e) => {
                // Snap to the new photo; the slideshow demotes the session.
                adapter.set_current(slint::Image::from_rgba8(job.new.clone()));
                self.job = None;
                self.failure = Some(e);
            }
        }
    }
}
