import LWGovModel

/// The renderer's errors.
public enum RenderDomain: ErrorDomain {}

/// An error from rendering: the message names the file, the template line or the schema
/// problem. An invalid document or an unwritable folder means no report (`.cannotWrite`, 73);
/// a broken template or schema in `output.templates_dir` is the DX team's configuration
/// (`.configuration`, 78).
public typealias RenderError = LWGovError<RenderDomain>
