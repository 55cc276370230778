using Loyalty.Core.Common;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Loyalty.Web.Infrastructure;

/// <summary>
/// The console log format outside Development (<c>Logging:Console:FormatterName = redacting</c>): one JSON object per
/// line (timestamp, level, category, message, exception) like the built-in "json" format, with phone numbers, e-mail addresses and secrets masked by
/// <see cref="PersonalData.Redact"/> whatever code wrote them (docs/decisions/0114).
/// </summary>
internal sealed class RedactingConsoleFormatter() : ConsoleFormatter(Name)
{
    public new const string Name = "redacting";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter?.Invoke(logEntry.State, logEntry.Exception) ?? logEntry.State?.ToString() ?? "";
        if (message.Length == 0 && logEntry.Exception is null) return;
        // JSON lines, as the built-in "json" formatter writes them, for log shippers; every text value is redacted.
        using var buffer = new MemoryStream();
        using (var json = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("Timestamp", DateTime.UtcNow.ToString("O"));
            json.WriteNumber("EventId", logEntry.EventId.Id);
            json.WriteString("LogLevel", logEntry.LogLevel.ToString());
            json.WriteString("Category", logEntry.Category);
            json.WriteString("Message", PersonalData.Redact(message));
            if (logEntry.Exception is not null) json.WriteString("Exception", PersonalData.Redact(logEntry.Exception.ToString()));
            json.WriteEndObject();
        }
        textWriter.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
