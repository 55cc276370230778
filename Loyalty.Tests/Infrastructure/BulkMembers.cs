using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Loyalty.Tests.Infrastructure;

/// <summary>Inserts many members straight into SQLite with one prepared command (the use case is far too slow for 10,000).</summary>
public static class BulkMembers
{
    public static async Task InsertAsync(string databasePath, int count, Func<int, string> email, DateTime now)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath}");
        await connection.OpenAsync();
        await using var tx = connection.BeginTransaction();
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = """
            INSERT INTO "Customers" ("Id", "Phone", "FirstName", "Email", "Gender", "Language", "Status", "RegisteredAt", "Source", "EmailConsentAt", "SmsConsentAt")
            VALUES ($id, $phone, $name, $email, 0, 'en', 0, $now, 'bulk', $now, $now)
            """;
        var id = command.Parameters.Add("$id", SqliteType.Text);
        var phone = command.Parameters.Add("$phone", SqliteType.Text);
        var name = command.Parameters.Add("$name", SqliteType.Text);
        var mail = command.Parameters.Add("$email", SqliteType.Text);
        command.Parameters.AddWithValue("$now", now.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture));
        await command.PrepareAsync();
        for (var i = 0; i < count; i++)
        {
            id.Value = Guid.NewGuid().ToString().ToUpperInvariant();
            phone.Value = "+7709" + i.ToString("D7", CultureInfo.InvariantCulture);
            name.Value = "Member" + i.ToString(CultureInfo.InvariantCulture);
            mail.Value = email(i);
            await command.ExecuteNonQueryAsync();
        }
        await tx.CommitAsync();
    }
}
