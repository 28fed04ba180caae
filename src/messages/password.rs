//! The password family: every code `password::check` raises, with its message, and the
//! checklist label the UI shows for each rule (every code is a rule).

use serde_json::{Map, Value};

use super::{fill, pick, Locale};

/// A checklist label in each language (not a catalogue key of its own: it belongs to the
/// code of its rule).
#[derive(Debug)]
pub(crate) struct Texts {
    pub en: &'static str,
    pub es: &'static str,
    pub pt: &'static str,
}

impl Texts {
    /// The text in `locale` with `params` filled in.
    pub(crate) fn render(&self, locale: Locale, params: &Map<String, Value>) -> String {
        fill(pick(locale, self.en, self.es, self.pt), params)
    }
}

catalogue! {
    /// A code of the password checker (`password.*`): the rule a password breaks.
    pub enum PasswordCode {
        TooShort = "password.too_short" {
            en: "Use at least {min} characters (this has {length}).",
            es: "Usa al menos {min} caracteres (tiene {length}).",
            pt: "Use pelo menos {min} caracteres (tem {length}).",
        },
        TooLong = "password.too_long" {
            en: "Use at most {max} characters (this has {length}).",
            es: "Usa como máximo {max} caracteres (tiene {length}).",
            pt: "Use no máximo {max} caracteres (tem {length}).",
        },
        MissingLowercase = "password.missing_lowercase" {
            en: "Add a lowercase letter.",
            es: "Agrega una letra minúscula.",
            pt: "Adicione uma letra minúscula.",
        },
        MissingUppercase = "password.missing_uppercase" {
            en: "Add an uppercase letter.",
            es: "Agrega una letra mayúscula.",
            pt: "Adicione uma letra maiúscula.",
        },
        MissingDigit = "password.missing_digit" {
            en: "Add a digit.",
            es: "Agrega un dígito.",
            pt: "Adicione um dígito.",
        },
        MissingSpecial = "password.missing_special" {
            en: "Add one of these special characters: {characters}",
            es: "Agrega uno de estos caracteres especiales: {characters}",
            pt: "Adicione um destes caracteres especiais: {characters}",
        },
        RepeatedCharacters = "password.repeated_characters" {
            en: "Do not repeat a character more than {max} times in a row.",
            es: "No repitas un carácter más de {max} veces seguidas.",
            pt: "Não repita um caractere mais de {max} vezes seguidas.",
        },
        Common = "password.common" {
            en: "This is one of the most common passwords; choose another.",
            es: "Esta es una de las contraseñas más comunes; elige otra.",
            pt: "Esta é uma das senhas mais comuns; escolha outra.",
        },
        BlockedTerm = "password.blocked_term" {
            en: "Do not use “{term}” in your password.",
            es: "No uses «{term}» en tu contraseña.",
            pt: "Não use “{term}” na sua senha.",
        },
        ContainsUserInput = "password.contains_user_input" {
            en: "Do not use your own details (“{input}”) in your password.",
            es: "No uses tus propios datos («{input}») en tu contraseña.",
            pt: "Não use seus próprios dados (“{input}”) na sua senha.",
        },
        TooWeak = "password.too_weak" {
            en: "This password is too easy to guess (strength {score} of 4, at least {minScore} required).",
            es: "Esta contraseña es demasiado fácil de adivinar (fortaleza {score} de 4, se exige al menos {minScore}).",
            pt: "Esta senha é fácil demais de adivinhar (força {score} de 4, exige-se pelo menos {minScore}).",
        },
    }
}

/// The checklist label of the rule that raises `code` when unmet.
pub(crate) fn rule_label(code: PasswordCode) -> &'static Texts {
    match code {
        PasswordCode::TooShort => &Texts {
            en: "At least {min} characters",
            es: "Al menos {min} caracteres",
            pt: "Pelo menos {min} caracteres",
        },
        PasswordCode::TooLong => &Texts {
            en: "At most {max} characters",
            es: "Como máximo {max} caracteres",
            pt: "No máximo {max} caracteres",
        },
        PasswordCode::MissingLowercase => {
            &Texts { en: "A lowercase letter", es: "Una letra minúscula", pt: "Uma letra minúscula" }
        }
        PasswordCode::MissingUppercase => {
            &Texts { en: "An uppercase letter", es: "Una letra mayúscula", pt: "Uma letra maiúscula" }
        }
        PasswordCode::MissingDigit => &Texts { en: "A digit", es: "Un dígito", pt: "Um dígito" },
        PasswordCode::MissingSpecial => &Texts {
            en: "A special character ({characters})",
            es: "Un carácter especial ({characters})",
            pt: "Um caractere especial ({characters})",
        },
        PasswordCode::RepeatedCharacters => &Texts {
            en: "No character more than {max} times in a row",
            es: "Ningún carácter más de {max} veces seguidas",
            pt: "Nenhum caractere mais de {max} vezes seguidas",
        },
        PasswordCode::Common => &Texts {
            en: "Not a common password",
            es: "No es una contraseña común",
            pt: "Não é uma senha comum",
        },
        PasswordCode::BlockedTerm => {
            &Texts { en: "No blocked words", es: "Sin palabras bloqueadas", pt: "Sem palavras bloqueadas" }
        }
        PasswordCode::ContainsUserInput => &Texts {
            en: "Not based on your name or email",
            es: "No se basa en tu nombre o correo",
            pt: "Não se baseia no seu nome ou e-mail",
        },
        PasswordCode::TooWeak => &Texts {
            en: "Strength at least {minScore} of 4",
            es: "Fortaleza de al menos {minScore} de 4",
            pt: "Força de pelo menos {minScore} de 4",
        },
    }
}
