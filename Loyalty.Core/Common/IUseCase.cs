namespace Loyalty.Core.Common;

/// <summary>
/// Marks a use case: one class per file with a <c>HandleAsync</c> method, called alike by pages, endpoints and jobs.
/// The web host registers every implementation by convention.
/// </summary>
public interface IUseCase;
