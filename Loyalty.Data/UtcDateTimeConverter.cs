using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Loyalty.Data;

/// <summary>Stores instants as UTC and hands them back with <see cref="DateTimeKind.Utc"/>, whatever the provider returns.</summary>
internal sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    value => value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc),
    stored => DateTime.SpecifyKind(stored, DateTimeKind.Utc));
