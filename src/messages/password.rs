//! Password rule messages, and the checklist labels the UI shows for each active rule.

use super::Entry;

pub(crate) const ISSUES: &[Entry] = &[
    Entry {
        key: "password.too_short",
        en: "Use at least {min} characters (this has {length}).",
        es: "Usa al menos {min} caracteres (tiene {length}).",
        pt: "Use pelo menos {min} caracteres (tem {length}).",
    },
    Entry {
        key: "password.too_long",
        en: "Use at most {max} characters (this has {length}).",
        es: "Usa como máximo {max} caracteres (tiene {length}).",
        pt: "Use no máximo {max} caracteres (tem {length}).",
    },
    Entry {
        key: "password.missing_lowercase",
        en: "Add a lowercase letter.",
        es: "Agrega una letra minúscula.",
        pt: "Adicione uma letra minúscula.",
    },
    Entry {
        key: "password.missing_uppercase",
        en: "Add an uppercase letter.",
        es: "Agrega una letra mayúscula.",
        pt: "Adicione uma letra maiúscula.",
    },
    Entry {
        key: "password.missing_digit",
        en: "Add a digit.",
        es: "Agrega un dígito.",
        pt: "Adicione um dígito.",
    },
    Entry {
        key: "password.missing_special",
        en: "Add one of these special characters: {characters}",
        es: "Agrega uno de estos caracteres especiales: {characters}",
        pt: "Adicione um destes caracteres especiais: {characters}",
    },
    Entry {
        key: "password.repeated_characters",
        en: "Do not repeat a character more than {max} times in a row.",
        es: "No repitas un carácter más de {max} veces seguidas.",
        pt: "Não repita um caractere mais de {max} vezes seguidas.",
    },
    Entry {
        key: "password.common",
        en: "This is one of the most common passwords; choose another.",
        es: "Esta es una de las contraseñas más comunes; elige otra.",
        pt: "Esta é uma das senhas mais comuns; escolha outra.",
    },
    Entry {
        key: "password.blocked_term",
        en: "Do not use “{term}” in your password.",
        es: "No uses «{term}» en tu contraseña.",
        pt: "Não use “{term}” na sua senha.",
    },
    Entry {
        key: "password.contains_user_input",
        en: "Do not use your own details (“{input}”) in your password.",
        es: "No uses tus propios datos («{input}») en tu contraseña.",
        pt: "Não use seus próprios dados (“{input}”) na sua senha.",
    },
    Entry {
        key: "password.too_weak",
        en: "This password is too easy to guess (strength {score} of 4, at least {minScore} required).",
        es: "Esta contraseña es demasiado fácil de adivinar (fortaleza {score} de 4, se exige al menos {minScore}).",
        pt: "Esta senha é fácil demais de adivinhar (força {score} de 4, exige-se pelo menos {minScore}).",
    },
];

/// Checklist labels, keyed `rule:` + the issue code the rule raises when unmet.
pub(crate) const RULES: &[Entry] = &[
    Entry {
        key: "rule:password.too_short",
        en: "At least {min} characters",
        es: "Al menos {min} caracteres",
        pt: "Pelo menos {min} caracteres",
    },
    Entry {
        key: "rule:password.too_long",
        en: "At most {max} characters",
        es: "Como máximo {max} caracteres",
        pt: "No máximo {max} caracteres",
    },
    Entry {
        key: "rule:password.missing_lowercase",
        en: "A lowercase letter",
        es: "Una letra minúscula",
        pt: "Uma letra minúscula",
    },
    Entry {
        key: "rule:password.missing_uppercase",
        en: "An uppercase letter",
        es: "Una letra mayúscula",
        pt: "Uma letra maiúscula",
    },
    Entry { key: "rule:password.missing_digit", en: "A digit", es: "Un dígito", pt: "Um dígito" },
    Entry {
        key: "rule:password.missing_special",
        en: "A special character ({characters})",
        es: "Un carácter especial ({characters})",
        pt: "Um caractere especial ({characters})",
    },
    Entry {
        key: "rule:password.repeated_characters",
        en: "No character more than {max} times in a row",
        es: "Ningún carácter más de {max} veces seguidas",
        pt: "Nenhum caractere mais de {max} vezes seguidas",
    },
    Entry {
        key: "rule:password.common",
        en: "Not a common password",
        es: "No es una contraseña común",
        pt: "Não é uma senha comum",
    },
    Entry {
        key: "rule:password.blocked_term",
        en: "No blocked words",
        es: "Sin palabras bloqueadas",
        pt: "Sem palavras bloqueadas",
    },
    Entry {
        key: "rule:password.contains_user_input",
        en: "Not based on your name or email",
        es: "No se basa en tu nombre o correo",
        pt: "Não se baseia no seu nome ou e-mail",
    },
    Entry {
        key: "rule:password.too_weak",
        en: "Strength at least {minScore} of 4",
        es: "Fortaleza de al menos {minScore} de 4",
        pt: "Força de pelo menos {minScore} de 4",
    },
];
