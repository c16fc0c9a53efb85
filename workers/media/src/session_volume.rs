//! Windows: the volume of a player's own audio session in the mixer (the original's Spotify
//! volume widget: `ISimpleAudioVolume` of the sessions whose process name contains the
//! player's), never the master volume. Called on the GSMTC query threads.

use windows::core::{Interface, PWSTR};
use windows::Win32::Foundation::CloseHandle;
use windows::Win32::Media::Audio::{
    eMultimedia, eRender, IAudioSessionControl2, IAudioSessionManager2, IMMDeviceEnumerator, ISimpleAudioVolume, MMDeviceEnumerator,
};
use windows::Win32::System::Com::{CoCreateInstance, CoInitializeEx, CLSCTX_ALL, COINIT_MULTITHREADED};
use windows::Win32::System::Threading::{OpenProcess, QueryFullProcessImageNameW, PROCESS_NAME_WIN32, PROCESS_QUERY_LIMITED_INFORMATION};

/// The lower-case file stem of process `pid` ("spotify").
fn process_stem(pid: u32) -> Option<String> {
    // SAFETY: the handle is closed below; the buffer outlives the call and its length is passed.
    unsafe {
        let handle = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, false, pid).ok()?;
        let mut buf = [0u16; 1024];
        let mut len = buf.len() as u32;
        let named = QueryFullProcessImageNameW(handle, PROCESS_NAME_WIN32, PWSTR(buf.as_mut_ptr()), &mut len);
        let _ = CloseHandle(handle);
        named.ok()?;
        let path = String::from_utf16_lossy(&buf[..len as usize]);
        let file = path.rsplit(['\\', '/']).next().unwrap_or(&path).to_lowercase();
        Some(file.trim_end_matches(".exe").to_string())
    }
}

/// The session volumes of the default output whose process matches `player`.
fn volumes(player: &str) -> windows::core::Result<Vec<ISimpleAudioVolume>> {
    let want = player.to_lowercase();
    let want = want.split(['.', ' ']).next().unwrap_or(&want).to_string();
    let mut out = Vec::new();
    // SAFETY: COM calls on this thread after initialising it (a second init is harmless);
    // every interface is reference-counted by the bindings.
    unsafe {
        let _ = CoInitializeEx(None, COINIT_MULTITHREADED);
        let devices: IMMDeviceEnumerator = CoCreateInstance(&MMDeviceEnumerator, None, CLSCTX_ALL)?;
        let device = devices.GetDefaultAudioEndpoint(eRender, eMultimedia)?;
        let manager: IAudioSessionManager2 = device.Activate(CLSCTX_ALL, None)?;
        let sessions = manager.GetSessionEnumerator()?;
        for i in 0..sessions.GetCount()? {
            let control = sessions.GetSession(i)?;
            let Ok(control2) = control.cast::<IAudioSessionControl2>() else { continue };
            let Ok(pid) = control2.GetProcessId() else { continue };
            if want.is_empty() || !process_stem(pid).is_some_and(|stem| stem.contains(&want)) {
                continue;
            }
            if let Ok(v) = control.cast::<ISimpleAudioVolume>() {
                out.push(v);
            }
        }
    }
    Ok(out)
}

/// The player's session volume (0–1), if it has a session.
pub fn get(player: &str) -> windows::core::Result<Option<f64>> {
    let found = volumes(player)?;
    // SAFETY: a plain getter on a live interface.
    Ok(found.first().and_then(|v| unsafe { v.GetMasterVolume() }.ok()).map(f64::from))
}

/// Sets every session of the player to `level` (0–1).
pub fn set(player: &str, level: f64) -> windows::core::Result<()> {
    for v in volumes(player)? {
        // SAFETY: a plain setter on a live interface; no event context.
        unsafe { v.SetMasterVolume(level.clamp(0.0, 1.0) as f32, std::ptr::null())? };
    }
    Ok(())
}
