using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Loyalty.Core.Common;

/// <summary>
/// Plain ADO.NET on the context's own connection and transaction, for the hot paths DESIGN.md §5 allows it on
/// (the POS purchase and the ledger postings under it). Measured: EF spent about 150 µs of CPU per statement there,
/// against about 10 µs for a prepared ADO.NET command, and a purchase runs about fifteen statements under SQLite's
/// single writer lock. Parameters are bound the way EF stores them, so both kinds of access see the same rows:
/// on SQLite a Guid is upper-case TEXT; on SQL Server a DateTime is datetime2.
/// </summary>
internal sealed class RawSql
{
    private readonly DbConnection _connection;
    private readonly DbTransaction? _transaction;

    private RawSql(ILoyaltyDb db)
    {
        _connection = db.Database.GetDbConnection();
        _transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        IsSqlite = db.Database.ProviderName?.EndsWith(".Sqlite", StringComparison.Ordinal) == true;
    }

    public bool IsSqlite { get; }

    /// <summary>Binds to the context's open connection and current transaction, opening the connection if needed.</summary>
    public static async Task<RawSql> OnAsync(ILoyaltyDb db, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        return new RawSql(db);
    }

    /// <summary><c>LIMIT n</c> at the end on SQLite, <c>TOP (n)</c> after SELECT on SQL Server.</summary>
    public string Top(int rows) => IsSqlite ? "" : $"TOP ({rows}) ";

    public string Limit(int rows) => IsSqlite ? $" LIMIT {rows}" : "";

    /// <summary>The clause that makes an INSERT return the new identity: RETURNING at the end, or OUTPUT before VALUES.</summary>
    public string OutputId => IsSqlite ? "" : "OUTPUT INSERTED.\"Id\" ";

    public string ReturningId => IsSqlite ? " RETURNING \"Id\"" : "";

    public DbCommand Command(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            switch (value)
            {
                case null:
                    parameter.Value = DBNull.Value;
                    break;
                case Guid guid when IsSqlite:
                    parameter.Value = guid.ToString().ToUpperInvariant();
                    break;
                case DateTime time when !IsSqlite:
                    parameter.DbType = DbType.DateTime2;
                    parameter.Value = time;
                    break;
                default:
                    parameter.Value = value;
                    break;
            }
            command.Parameters.Add(parameter);
        }
        return command;
    }

    public async Task<int> ExecuteAsync(string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(sql, parameters);
        return await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The first column of the first row, or null when there is no row.</summary>
    public async Task<T?> ScalarAsync<T>(string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(sql, parameters);
        var value = await command.ExecuteScalarAsync(ct);
        return value is null or DBNull ? default : (T)Convert.ChangeType(value, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }
}
