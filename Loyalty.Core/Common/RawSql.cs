using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
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
    /// <summary>
    /// Commands kept per open connection, so a statement is prepared once per batch of writes instead of once per use
    /// (preparing was a sixth of the statement time). A connection serves one operation at a time. The commands are
    /// disposed when their connection closes: a prepared statement left on a pooled native SQLite connection would keep
    /// a read snapshot open and block the next user's function registrations.
    /// </summary>
    private static readonly ConditionalWeakTable<DbConnection, Dictionary<string, DbCommand>> Prepared = new();

    private static readonly ConcurrentDictionary<Type, bool> SqliteContexts = new();

    private readonly DbConnection _connection;
    private readonly DbTransaction? _transaction;
    private readonly Dictionary<string, DbCommand> _commands;

    private RawSql(ILoyaltyDb db)
    {
        _connection = db.Database.GetDbConnection();
        _transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        _commands = CommandsOf(_connection);
        IsSqlite = SqliteContexts.GetOrAdd(db.GetType(), _ => db.IsSqlite());
    }

    public bool IsSqlite { get; }

    private static Dictionary<string, DbCommand> CommandsOf(DbConnection connection)
    {
        if (Prepared.TryGetValue(connection, out var commands)) return commands;
        commands = [];
        Prepared.Add(connection, commands);
        connection.StateChange += DisposeOnClose;
        return commands;
    }

    private static void DisposeOnClose(object? sender, StateChangeEventArgs change)
    {
        if (change.CurrentState != ConnectionState.Closed || sender is not DbConnection connection) return;
        connection.StateChange -= DisposeOnClose;
        if (!Prepared.TryGetValue(connection, out var commands)) return;
        Prepared.Remove(connection);
        foreach (var command in commands.Values) command.Dispose();
    }

    /// <summary>Binds to the context's connection and current transaction, opening the connection if needed.</summary>
    public static async Task<RawSql> OnAsync(ILoyaltyDb db, CancellationToken ct)
    {
        if (db.Database.GetDbConnection().State != ConnectionState.Open) await db.Database.OpenConnectionAsync(ct);
        return new RawSql(db);
    }

    /// <summary><c>LIMIT n</c> at the end on SQLite, <c>TOP (n)</c> after SELECT on SQL Server.</summary>
    public string Top(int rows) => IsSqlite ? "" : $"TOP ({rows}) ";

    public string Limit(int rows) => IsSqlite ? $" LIMIT {rows}" : "";

    /// <summary>The clause that makes an INSERT return the new identity: RETURNING at the end, or OUTPUT before VALUES.</summary>
    public string OutputId => IsSqlite ? "" : "OUTPUT INSERTED.\"Id\" ";

    public string ReturningId => IsSqlite ? " RETURNING \"Id\"" : "";

    public Task<int> ExecuteAsync(string sql, CancellationToken ct, params ReadOnlySpan<(string Name, object? Value)> parameters) =>
        Command(sql, parameters).ExecuteNonQueryAsync(ct);

    /// <summary>The first column of the first row, or null when there is no row.</summary>
    public Task<T?> ScalarAsync<T>(string sql, CancellationToken ct, params ReadOnlySpan<(string Name, object? Value)> parameters) =>
        Convert<T>(Command(sql, parameters).ExecuteScalarAsync(ct));

    private static async Task<T?> Convert<T>(Task<object?> scalar) => await scalar is { } value and not DBNull
        ? (T)System.Convert.ChangeType(value, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T), CultureInfo.InvariantCulture)
        : default;

    /// <summary>The caller disposes the reader (never the command: it is kept for the next use).</summary>
    public Task<DbDataReader> ReaderAsync(string sql, CancellationToken ct, params ReadOnlySpan<(string Name, object? Value)> parameters) =>
        Command(sql, parameters).ExecuteReaderAsync(ct);

    private DbCommand Command(string sql, ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = _connection.CreateCommand();
            command.CommandText = sql;
            foreach (var (name, _) in parameters)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                command.Parameters.Add(parameter);
            }
            _commands[sql] = command;
        }
        command.Transaction = _transaction;
        for (var i = 0; i < parameters.Length; i++) Bind(command.Parameters[i], parameters[i].Value);
        return command;
    }

    private void Bind(DbParameter parameter, object? value)
    {
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
    }
}
