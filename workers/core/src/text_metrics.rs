//! Text widths in DejaVu Sans (the font the overlay cards use), so card sizes and the layout
//! are known in plain Rust before anything is drawn. Advances are the font's own (units of
//! 1/2048 em) for printable ASCII; other characters count as an average glyph.

/// Advance widths of ' '..='~' in DejaVu Sans Book.
const REGULAR: [u16; 95] = [
    651, 821, 942, 1716, 1303, 1946, 1597, 563, 799, 799, 1024, 1716, 651, 739, 651, 690, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303,
    1303, 1303, 690, 690, 1716, 1716, 1716, 1087, 2048, 1401, 1405, 1430, 1577, 1294, 1178, 1587, 1540, 604, 604, 1343, 1141, 1767, 1532,
    1612, 1235, 1612, 1423, 1300, 1251, 1499, 1401, 2025, 1403, 1251, 1403, 799, 690, 799, 1716, 1024, 1024, 1255, 1300, 1126, 1300, 1260,
    721, 1300, 1298, 569, 569, 1186, 569, 1995, 1298, 1253, 1300, 1300, 842, 1067, 803, 1298, 1212, 1675, 1212, 1212, 1075, 1303, 690, 1303,
    1716,
];

/// Advance widths of ' '..='~' in DejaVu Sans Bold.
const BOLD: [u16; 95] = [
    713, 934, 1067, 1716, 1425, 2052, 1786, 627, 936, 936, 1071, 1716, 778, 850, 778, 748, 1425, 1425, 1425, 1425, 1425, 1425, 1425, 1425,
    1425, 1425, 819, 819, 1716, 1716, 1716, 1188, 2048, 1585, 1561, 1503, 1700, 1399, 1399, 1681, 1714, 762, 762, 1587, 1305, 2038, 1714,
    1741, 1501, 1741, 1577, 1475, 1397, 1663, 1585, 2259, 1579, 1483, 1485, 936, 748, 936, 1716, 1024, 1024, 1382, 1466, 1214, 1466, 1389,
    891, 1466, 1458, 702, 702, 1362, 702, 2134, 1458, 1407, 1466, 1466, 1010, 1219, 979, 1458, 1335, 1892, 1321, 1335, 1192, 1458, 748, 1458,
    1716,
];

/// Ascent + descent of DejaVu Sans, in em: the height of one line of text.
pub const LINE_HEIGHT_EM: f32 = (1901.0 + 483.0) / 2048.0;

/// Width in pixels of `text` at `px` pixels per em.
pub fn width(text: &str, px: f32, bold: bool) -> f32 {
    let table = if bold { &BOLD } else { &REGULAR };
    let units: u32 = text
        .chars()
        .map(|c| match c as u32 {
            32..=126 => u32::from(table[c as usize - 32]),
            _ => 1300,
        })
        .sum();
    units as f32 / 2048.0 * px
}

/// Height in pixels of one line at `px` pixels per em.
pub fn line_height(px: f32) -> f32 {
    LINE_HEIGHT_EM * px
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_are_tabular_and_bold_is_wider() {
        assert_eq!(width("12:34", 20.0, false), width("90:87", 20.0, false));
        assert!((width("0", 2048.0, false) - 1303.0).abs() < 1e-3);
        assert!(width("Weather", 16.0, true) > width("Weather", 16.0, false));
        assert!((line_height(100.0) - 116.4).abs() < 0.1);
    }
}
