//! The settings family: the codes of the settings validator — the policy and TTL checks, and
//! `settings.invalid`, whose message is the explanation (an [`Explanation`], not an issue
//! code) that fits the problem (missing, unknown, wrong type), rendered with the field's path.

catalogue! {
    /// A code of the settings validator (`policy.*`, `ttl.*`, `settings.invalid`).
    pub enum SettingsCode {
        MinLengthOutOfRange = "policy.min_length_out_of_range" {
            en: "The minimum length must be from {min} to {max} characters (it is {value}).",
            es: "La longitud mínima debe estar entre {min} y {max} caracteres (es {value}).",
            pt: "O comprimento mínimo deve estar entre {min} e {max} caracteres (é {value}).",
        },
        MaxLengthOutOfRange = "policy.max_length_out_of_range" {
            en: "The maximum length must be from {min} to {max} characters (it is {value}); NIST asks to accept at least 64.",
            es: "La longitud máxima debe estar entre {min} y {max} caracteres (es {value}); el NIST pide aceptar al menos 64.",
            pt: "O comprimento máximo deve estar entre {min} e {max} caracteres (é {value}); o NIST pede aceitar pelo menos 64.",
        },
        MinAboveMax = "policy.min_above_max" {
            en: "The maximum length ({max}) is below the minimum length ({min}): no password could pass.",
            es: "La longitud máxima ({max}) es menor que la mínima ({min}): ninguna contraseña podría cumplirla.",
            pt: "O comprimento máximo ({max}) é menor que o mínimo ({min}): nenhuma senha poderia passar.",
        },
        MinScoreOutOfRange = "policy.min_score_out_of_range" {
            en: "The minimum strength score must be from {min} to {max} (it is {value}).",
            es: "La puntuación mínima de fortaleza debe estar entre {min} y {max} (es {value}).",
            pt: "A pontuação mínima de força deve estar entre {min} e {max} (é {value}).",
        },
        CompositionRules = "policy.composition_rules" {
            en: "NIST SP 800-63B advises against requiring character types: such rules make passwords harder to remember, not harder to guess. A minimum length and the blocklist do more.",
            es: "NIST SP 800-63B desaconseja exigir tipos de caracteres: esas reglas hacen las contraseñas más difíciles de recordar, no de adivinar. Una longitud mínima y la lista de bloqueo ayudan más.",
            pt: "O NIST SP 800-63B desaconselha exigir tipos de caracteres: essas regras tornam as senhas mais difíceis de lembrar, não de adivinhar. Um comprimento mínimo e a lista de bloqueio ajudam mais.",
        },
        TtlOutOfRange = "ttl.out_of_range" {
            en: "The token lifetime must be a whole number of seconds from {min} to {max} (it is {value}).",
            es: "La duración del token debe ser un número entero de segundos entre {min} y {max} (es {value}).",
            pt: "A duração do token deve ser um número inteiro de segundos entre {min} e {max} (é {value}).",
        },
        TtlShort = "ttl.short" {
            en: "A token lifetime of {value} seconds is very short (under {min}): tokens may expire before the content loads.",
            es: "Una duración de token de {value} segundos es muy corta (menos de {min}): los tokens pueden expirar antes de que cargue el contenido.",
            pt: "Uma duração de token de {value} segundos é muito curta (menos de {min}): os tokens podem expirar antes de o conteúdo carregar.",
        },
        Invalid = "settings.invalid" {
            en: "{problem}",
            es: "{problem}",
            pt: "{problem}",
        },
    }
}

catalogue! {
    /// Why a value is `settings.invalid`: the text of its `problem` param.
    pub enum Explanation {
        Root = "settings.problem.root" {
            en: "The settings must be a JSON object.",
            es: "Los ajustes deben ser un objeto JSON.",
            pt: "As configurações devem ser um objeto JSON.",
        },
        Missing = "settings.problem.missing" {
            en: "The setting “{path}” is missing.",
            es: "Falta el ajuste «{path}».",
            pt: "Falta a configuração “{path}”.",
        },
        Unknown = "settings.problem.unknown" {
            en: "“{path}” is not a setting.",
            es: "«{path}» no es un ajuste.",
            pt: "“{path}” não é uma configuração.",
        },
        Boolean = "settings.problem.boolean" {
            en: "The setting “{path}” must be true or false.",
            es: "El ajuste «{path}» debe ser verdadero o falso.",
            pt: "A configuração “{path}” deve ser verdadeiro ou falso.",
        },
        Integer = "settings.problem.integer" {
            en: "The setting “{path}” must be a whole number.",
            es: "El ajuste «{path}» debe ser un número entero.",
            pt: "A configuração “{path}” deve ser um número inteiro.",
        },
        IntegerOrNull = "settings.problem.integer_or_null" {
            en: "The setting “{path}” must be a whole number, or null for no limit.",
            es: "El ajuste «{path}» debe ser un número entero, o null para no tener límite.",
            pt: "A configuração “{path}” deve ser um número inteiro, ou null para não ter limite.",
        },
        NullOrAtLeast = "settings.problem.null_or_at_least" {
            en: "The setting “{path}” must be a whole number of at least {min}, or null for no limit.",
            es: "El ajuste «{path}» debe ser un número entero de al menos {min}, o null para no tener límite.",
            pt: "A configuração “{path}” deve ser um número inteiro de pelo menos {min}, ou null para não ter limite.",
        },
        Text = "settings.problem.text" {
            en: "The setting “{path}” must be text.",
            es: "El ajuste «{path}» debe ser texto.",
            pt: "A configuração “{path}” deve ser texto.",
        },
        List = "settings.problem.list" {
            en: "The setting “{path}” must be a list.",
            es: "El ajuste «{path}» debe ser una lista.",
            pt: "A configuração “{path}” deve ser uma lista.",
        },
        Object = "settings.problem.object" {
            en: "The setting “{path}” must be a group of settings (a JSON object).",
            es: "El ajuste «{path}» debe ser un grupo de ajustes (un objeto JSON).",
            pt: "A configuração “{path}” deve ser um grupo de configurações (um objeto JSON).",
        },
    }
}
