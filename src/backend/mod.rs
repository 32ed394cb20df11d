//! IM services behind one trait: the embedded engine (`local`) and Tencent Cloud (`tencent`).

pub mod tencent;
