//! `map.png` (feature `png`): the SVG map rasterised by resvg.
//!
//! Text is drawn with DejaVu Sans, bundled in the crate (`data/fonts/DejaVuSans.ttf`,
//! Bitstream Vera licence with public-domain DejaVu changes: free to redistribute), so PNGs
//! look the same on every machine and need no system fonts.

use resvg::{tiny_skia, usvg};

use crate::error::{Error, Result};

/// The bundled font.
static DEJAVU_SANS: &[u8] = include_bytes!("../../data/fonts/DejaVuSans.ttf");

/// Rasterises an SVG document; `scale` 2.0 gives a picture twice as wide as the SVG's width.
/// Write the bytes with [`crate::io::write_file`].
///
/// ```
/// let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">
///   <rect width="40" height="20" fill="#ff0000"/><text x="2" y="15">Hi</text></svg>"##;
/// let png = corridors::map::png::render_png(svg, 2.0)?;
/// assert_eq!(&png[1..4], b"PNG");
/// # Ok::<(), corridors::Error>(())
/// ```
///
/// # Errors
/// [`Error::InvalidArgument`] for a scale that is not positive or an SVG that does not parse;
/// [`Error::Serialize`] when encoding the PNG fails.
pub fn render_png(svg: &str, scale: f32) -> Result<Vec<u8>> {
    let pixmap = render_pixmap(svg, scale)?;
    pixmap
        .encode_png()
        .map_err(|e| Error::Serialize(format!("encoding PNG: {e}").into()))
}

/// Rasterises an SVG document to an RGBA pixmap (premultiplied alpha), for callers that
/// inspect pixels.
///
/// ```
/// let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="4" height="2">
///   <rect width="4" height="2" fill="#ff0000"/></svg>"##;
/// let px = corridors::map::png::render_pixmap(svg, 1.0)?;
/// assert_eq!((px.width(), px.height()), (4, 2));
/// assert_eq!(px.pixel(0, 0).unwrap().red(), 255);
/// # Ok::<(), corridors::Error>(())
/// ```
///
/// # Errors
/// As [`render_png`].
pub fn render_pixmap(svg: &str, scale: f32) -> Result<tiny_skia::Pixmap> {
    if !(scale.is_finite() && scale > 0.0) {
        return Err(Error::invalid(
            "scale",
            format!("PNG scale must be positive, got {scale}"),
        ));
    }
    let mut opt = usvg::Options {
        font_family: "DejaVu Sans".into(),
        ..Default::default()
    };
    opt.fontdb_mut().load_font_data(DEJAVU_SANS.to_vec());
    let tree = usvg::Tree::from_str(svg, &opt)
        .map_err(|e| Error::invalid("svg", format!("SVG does not parse: {e}")))?;
    let size = tree.size().to_int_size().scale_by(scale).ok_or_else(|| {
        Error::invalid(
            "scale",
            format!("SVG size × {scale} is not a valid picture size"),
        )
    })?;
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height()).ok_or_else(|| {
        Error::invalid(
            "scale",
            format!(
                "cannot allocate a {}×{} picture",
                size.width(),
                size.height()
            ),
        )
    })?;
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    Ok(pixmap)
}
