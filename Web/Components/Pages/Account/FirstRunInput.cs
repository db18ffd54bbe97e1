using System.ComponentModel.DataAnnotations;

namespace Babelwire.Web.Components.Pages.Account;

public sealed class FirstRunInput
{
    [Required(ErrorMessage = "Choose a user name.")]
    [StringLength(100)]
    public string UserName { get; set; } = "";

    [Required(ErrorMessage = "Choose a password.")]
    [StringLength(1000, MinimumLength = 12, ErrorMessage = "Use at least 12 characters.")]
    public string Password { get; set; } = "";

    [Compare(nameof(Password), ErrorMessage = "The two passwords differ.")]
    public string Confirm { get; set; } = "";
}
