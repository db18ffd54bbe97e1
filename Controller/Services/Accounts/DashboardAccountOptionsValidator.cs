using Microsoft.Extensions.Options;

namespace Babelwire.Controller.Services.Accounts;

/// <summary>The admin account from configuration: both keys or neither, and a password as long as the first-run page asks for.</summary>
public sealed class DashboardAccountOptionsValidator : IValidateOptions<DashboardAccountOptions>
{
    public ValidateOptionsResult Validate(string? name, DashboardAccountOptions options)
    {
        var hasUser = !string.IsNullOrWhiteSpace(options.UserName);
        var hasPassword = !string.IsNullOrEmpty(options.Password);
        if (hasUser != hasPassword)
        {
            return ValidateOptionsResult.Fail(
                $"{DashboardAccountOptions.Section}:UserName and {DashboardAccountOptions.Section}:Password go together: set both (the account is managed from configuration) or neither (the first-run page creates it).");
        }
        if (!hasUser)
        {
            return ValidateOptionsResult.Success;
        }
        List<string> failures = [];
        if (DashboardAccounts.CheckUserName(options.UserName!) is { } userName)
        {
            failures.Add($"{DashboardAccountOptions.Section}:UserName: {userName}");
        }
        if (DashboardAccounts.CheckPassword(options.Password!) is { } password)
        {
            failures.Add($"{DashboardAccountOptions.Section}:Password: {password}");
        }
        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
}
