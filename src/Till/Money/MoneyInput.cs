namespace Till.Money;

/// <summary>Money as a client sent it: the amount is kept as text until the rules have checked it.</summary>
public sealed record MoneyInput(string Amount, string CurrencyCode);
