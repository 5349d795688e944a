using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace VectaX.Cli;

/// <summary>
/// Number options: parsed in the invariant culture, finite only, each refusal one sentence naming the option, the
/// value given and what is allowed (the parser's own message names .NET types).
/// </summary>
internal static class NumberOption
{
    // Checked by the parser itself: a validator would run after a failed parse too, and could not read the value.
    private static readonly ConditionalWeakTable<Option, Range> s_ranges = [];

    /// <summary>Gives every number option of <paramref name="command"/> and its subcommands this parser.</summary>
    public static void Install(Command command)
    {
        foreach (Option option in command.Options)
        {
            switch (option)
            {
                case Option<int> o: o.CustomParser = Parse<int>; break;
                case Option<long> o: o.CustomParser = Parse<long>; break;
                case Option<uint> o: o.CustomParser = Parse<uint>; break;
                case Option<ulong> o: o.CustomParser = Parse<ulong>; break;
                case Option<float> o: o.CustomParser = Parse<float>; break;
                case Option<uint?> o: o.CustomParser = r => Parse<uint>(r); break;
                case Option<ulong?> o: o.CustomParser = r => Parse<ulong>(r); break;
                default: break;
            }
        }

        foreach (Command subcommand in command.Subcommands)
        {
            Install(subcommand);
        }
    }

    /// <summary>Refuses values outside [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static Option<T> Within<T>(this Option<T> option, T min, T max)
        where T : INumber<T> =>
        option.Where(v => v >= min && v <= max, string.Create(CultureInfo.InvariantCulture, $"{min} to {max}"));

    /// <summary>Refuses values failing <paramref name="allowed"/>, which <paramref name="description"/> words for the user.</summary>
    public static Option<T> Where<T>(this Option<T> option, Func<T, bool> allowed, string description)
        where T : INumber<T>
    {
        s_ranges.Add(option, new Range(v => allowed((T)v), description));
        return option;
    }

    private sealed record Range(Func<object, bool> Allowed, string Description);

    private static T Parse<T>(ArgumentResult result)
        where T : INumber<T>, IMinMaxValue<T>
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        bool real = typeof(T) == typeof(float);
        Option? option = (result.Parent as OptionResult)?.Option;
        string name = option?.Name ?? "a number";
        Range? range = option is not null && s_ranges.TryGetValue(option, out Range? r) ? r : null;
        if (T.TryParse(text, real ? NumberStyles.Float : NumberStyles.Integer, CultureInfo.InvariantCulture, out T? value) && T.IsFinite(value))
        {
            if (range is not null && !range.Allowed(value))
            {
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"{name} {value} is out of range: give {range.Description}."));
            }

            return value;
        }

        string kind = real ? "a finite number" : "a whole number";
        result.AddError(range is not null ? $"{name} '{text}' is not {kind}: give {range.Description}."
            : real ? $"{name} '{text}' is not {kind}."
            : string.Create(CultureInfo.InvariantCulture, $"{name} '{text}' is not {kind} from {T.MinValue} to {T.MaxValue}."));
        return T.Zero;
    }
}
