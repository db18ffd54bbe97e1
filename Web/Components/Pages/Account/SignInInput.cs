using System.ComponentModel.DataAnnotations;

namespace Babelwire.Web.Components.Pages.Account;

public sealed class SignInInput
{
    [Required(ErrorMessage = "Enter the user name.")]
    [StringLength(100)]
    public string UserName { get; set; } = "";

    [Required(ErrorMessage = "Enter the password.")]
    [StringLength(1000)]
    public string Password { get; set; } = "";
}
