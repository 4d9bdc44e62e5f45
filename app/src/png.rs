//! PNG export of an SVG picture: the SVG is drawn into a canvas (at twice
//! its size, for sharp slides) and the canvas saved as a PNG file.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// The largest side of an exported PNG, in pixels; browsers refuse larger
/// canvases, so big pictures are scaled down to fit.
const MAX_SIDE: f64 = 16_384.0;

/// Renders `svg` (`width` × `height` units) to a PNG download named `name`;
/// `failed` hears why if the browser refuses.
pub fn export(svg: &str, width: f64, height: f64, name: &str, failed: impl Fn(String) + 'static) {
    if let Err(e) = start(svg, width, height, name.to_owned(), failed) {
        leptos::logging::warn!("PNG export failed to start: {e:?}");
    }
}

fn start(
    svg: &str,
    width: f64,
    height: f64,
    name: String,
    failed: impl Fn(String) + 'static,
) -> Result<(), JsValue> {
    let scale = (2.0f64)
        .min(MAX_SIDE / width.max(1.0))
        .min(MAX_SIDE / height.max(1.0));
    let parts = js_sys::Array::of1(&JsValue::from_str(svg));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("image/svg+xml");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let image = web_sys::HtmlImageElement::new()?;
    let img = image.clone();
    let src = url.clone();
    let failed = std::rc::Rc::new(failed);
    let on_error = failed.clone();
    let onload = Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&src);
        let result = (|| -> Result<(), JsValue> {
            let document = web_sys::window()
                .and_then(|w| w.document())
                .ok_or("no document")?;
            let canvas: web_sys::HtmlCanvasElement =
                document.create_element("canvas")?.unchecked_into();
            canvas.set_width((width * scale).ceil() as u32);
            canvas.set_height((height * scale).ceil() as u32);
            let context: web_sys::CanvasRenderingContext2d = canvas
                .get_context("2d")?
                .ok_or("no 2d context")?
                .unchecked_into();
            context.scale(scale, scale)?;
            context.draw_image_with_html_image_element(&img, 0.0, 0.0)?;
            let data = canvas.to_data_url_with_type("image/png")?;
            let anchor: web_sys::HtmlAnchorElement = document.create_element("a")?.unchecked_into();
            anchor.set_href(&data);
            anchor.set_download(&name);
            anchor.click();
            Ok(())
        })();
        if let Err(e) = result {
            failed(format!("{e:?}"));
        }
    });
    image.set_onload(Some(onload.unchecked_ref()));
    let onerror =
        Closure::once_into_js(move || on_error("the picture could not be drawn".to_owned()));
    image.set_onerror(Some(onerror.unchecked_ref()));
    image.set_src(&url);
    Ok(())
}
