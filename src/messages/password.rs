//! The password family: every code `password::check` raises, with its message and the
//! checklist label (`label`) the UI shows for the rule that raises it (every code is a rule).

catalogue! {
    /// A code of the password checker (`password.*`): the rule a password breaks.
    pub enum PasswordCode {
        TooShort = "password.too_short" {
            en: "Use at least {min} characters (this has {length}).",
            es: "Usa al menos {min} caracteres (tiene {length}).",
            pt: "Use pelo menos {min} caracteres (tem {length}).",
        } label {
            en: "At least {min} characters",
            es: "Al menos {min} caracteres",
            pt: "Pelo menos {min} caracteres",
        },
        TooLong = "password.too_long" {
            en: "Use at most {max} characters (this has {length}).",
            es: "Usa como máximo {max} caracteres (tiene {length}).",
            pt: "Use no máximo {max} caracteres (tem {length}).",
        } label {
            en: "At most {max} characters",
            es: "Como máximo {max} caracteres",
            pt: "No máximo {max} caracteres",
        },
        MissingLowercase = "password.missing_lowercase" {
            en: "Add a lowercase letter.",
            es: "Agrega una letra minúscula.",
            pt: "Adicione uma letra minúscula.",
        } label {
            en: "A lowercase letter",
            es: "Una letra minúscula",
            pt: "Uma letra minúscula",
        },
        MissingUppercase = "password.missing_uppercase" {
            en: "Add an uppercase letter.",
            es: "Agrega una letra mayúscula.",
            pt: "Adicione uma letra maiúscula.",
        } label {
            en: "An uppercase letter",
            es: "Una letra mayúscula",
            pt: "Uma letra maiúscula",
        },
        MissingDigit = "password.missing_digit" {
            en: "Add a digit.",
            es: "Agrega un dígito.",
            pt: "Adicione um dígito.",
        } label {
            en: "A digit",
            es: "Un dígito",
            pt: "Um dígito",
        },
        MissingSpecial = "password.missing_special" {
            en: "Add one of these special characters: {characters}",
            es: "Agrega uno de estos caracteres especiales: {characters}",
            pt: "Adicione um destes caracteres especiais: {characters}",
        } label {
            en: "A special character ({characters})",
            es: "Un carácter especial ({characters})",
            pt: "Um caractere especial ({characters})",
        },
        RepeatedCharacters = "password.repeated_characters" {
            en: "Do not repeat a character more than {max} times in a row.",
            es: "No repitas un carácter más de {max} veces seguidas.",
            pt: "Não repita um caractere mais de {max} vezes seguidas.",
        } label {
            en: "No character more than {max} times in a row",
            es: "Ningún carácter más de {max} veces seguidas",
            pt: "Nenhum caractere mais de {max} vezes seguidas",
        },
        Common = "password.common" {
            en: "This is one of the most common passwords; choose another.",
            es: "Esta es una de las contraseñas más comunes; elige otra.",
            pt: "Esta é uma das senhas mais comuns; escolha outra.",
        } label {
            en: "Not a common password",
            es: "No es una contraseña común",
            pt: "Não é uma senha comum",
        },
        BlockedTerm = "password.blocked_term" {
            en: "Do not use “{term}” in your password.",
            es: "No uses «{term}» en tu contraseña.",
            pt: "Não use “{term}” na sua senha.",
        } label {
            en: "No blocked words",
            es: "Sin palabras bloqueadas",
            pt: "Sem palavras bloqueadas",
        },
        ContainsUserInput = "password.contains_user_input" {
            en: "Do not use your own details (“{input}”) in your password.",
            es: "No uses tus propios datos («{input}») en tu contraseña.",
            pt: "Não use seus próprios dados (“{input}”) na sua senha.",
        } label {
            en: "Not based on your name or email",
            es: "No se basa en tu nombre o correo",
            pt: "Não se baseia no seu nome ou e-mail",
        },
        TooWeak = "password.too_weak" {
            en: "This password is too easy to guess (strength {score} of 4, at least {minScore} required).",
            es: "Esta contraseña es demasiado fácil de adivinar (fortaleza {score} de 4, se exige al menos {minScore}).",
            pt: "Esta senha é fácil demais de adivinhar (força {score} de 4, exige-se pelo menos {minScore}).",
        } label {
            en: "Strength at least {minScore} of 4",
            es: "Fortaleza de al menos {minScore} de 4",
            pt: "Força de pelo menos {minScore} de 4",
        },
    }
}
