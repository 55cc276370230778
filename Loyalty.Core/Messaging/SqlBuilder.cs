using System.Runtime.CompilerServices;
using System.Text;

namespace Loyalty.Core.Messaging;

/// <summary>
/// Builds one parameterised SQL statement from pieces, for EF's <c>FromSql</c>/<c>ExecuteSql</c>. Text goes in verbatim and
/// must come from code, never from users; values only ever go in as parameters.
/// </summary>
public sealed class SqlBuilder
{
    private readonly StringBuilder _text = new();
    private readonly List<object?> _args = [];

    public SqlBuilder Append(string sqlText)
    {
        _text.Append(sqlText.Replace("{", "{{").Replace("}", "}}"));
        return this;
    }

    public SqlBuilder Param(object? value)
    {
        _text.Append('{').Append(_args.Count).Append('}');
        _args.Add(value);
        return this;
    }

    public SqlBuilder Append(SqlBuilder other)
    {
        var offset = _args.Count;
        _text.Append(System.Text.RegularExpressions.Regex.Replace(other._text.ToString(), @"(?<!\{)\{(\d+)\}",
            m => "{" + (int.Parse(m.Groups[1].Value) + offset) + "}"));
        _args.AddRange(other._args);
        return this;
    }

    public FormattableString Build() => FormattableStringFactory.Create(_text.ToString(), _args.ToArray());

    public override string ToString() => _text.ToString();
}
