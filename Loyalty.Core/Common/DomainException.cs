namespace Loyalty.Core.Common;

/// <summary>
/// A business rule refused the operation. <see cref="Code"/> is stable: the web layer turns it into the
/// ProblemDetails <c>type</c> that integrators match on, so never rename a code once it has shipped.
/// </summary>
public class DomainException(string code, string message, int status = 422) : Exception(message)
{
    public string Code { get; } = code;

    /// <summary>HTTP status the API answers with: 422 for a refused rule, 404 for something missing, 409 for a conflict.</summary>
    public int Status { get; } = status;

    public static DomainException NotFound(string code, string message) => new(code, message, 404);

    public static DomainException Conflict(string code, string message) => new(code, message, 409);
}
