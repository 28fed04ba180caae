//! The strength estimator's feedback (one code per warning and suggestion), in our own
//! words, and the meter's labels.

catalogue! {
    /// A piece of the strength estimator's feedback: `strength.warning.*` (what stands out)
    /// or `strength.suggestion.*` (how to do better).
    pub enum StrengthCode {
        // Warnings.
        StraightRow = "strength.warning.straight_rows_of_keys" {
            en: "Keys typed straight along one row are among the first things tried.",
            es: "Las teclas seguidas en una misma fila son de lo primero que se prueba.",
            pt: "Teclas seguidas numa mesma fileira estão entre as primeiras tentativas.",
        },
        ShortKeyboardPattern = "strength.warning.short_keyboard_patterns" {
            en: "A short path across the keyboard is quickly guessed.",
            es: "Un recorrido corto por el teclado se adivina enseguida.",
            pt: "Um percurso curto pelo teclado é adivinhado rapidamente.",
        },
        RepeatedCharacter = "strength.warning.repeats_like_aaa" {
            en: "One character typed again and again (“aaa”) adds almost nothing.",
            es: "Un mismo carácter repetido («aaa») no aporta casi nada.",
            pt: "Um mesmo caractere repetido (“aaa”) quase não acrescenta nada.",
        },
        RepeatedPiece = "strength.warning.repeats_like_abcabc" {
            en: "Repeating a piece (“abcabcabc”) is barely stronger than the piece (“abc”) once.",
            es: "Repetir un fragmento («abcabcabc») apenas es más fuerte que el fragmento («abc») una vez.",
            pt: "Repetir um trecho (“abcabcabc”) é só um pouco mais forte que o trecho (“abc”) uma vez.",
        },
        Top10Password = "strength.warning.top10_password" {
            en: "This password is in the ten most used anywhere.",
            es: "Esta contraseña está entre las diez más usadas.",
            pt: "Esta senha está entre as dez mais usadas.",
        },
        Top100Password = "strength.warning.top100_password" {
            en: "This password is in the hundred most used anywhere.",
            es: "Esta contraseña está entre las cien más usadas.",
            pt: "Esta senha está entre as cem mais usadas.",
        },
        CommonPassword = "strength.warning.common_password" {
            en: "Many people use this exact password.",
            es: "Mucha gente usa exactamente esta contraseña.",
            pt: "Muita gente usa exatamente esta senha.",
        },
        SimilarToCommonPassword = "strength.warning.similar_to_common_password" {
            en: "This is a small change to a password many people use.",
            es: "Es un pequeño cambio sobre una contraseña que usa mucha gente.",
            pt: "É uma pequena alteração de uma senha que muita gente usa.",
        },
        Sequence = "strength.warning.sequences_like_abc" {
            en: "Runs such as abc or 6543 are quickly guessed.",
            es: "Las series como abc o 6543 se adivinan enseguida.",
            pt: "Séries como abc ou 6543 são adivinhadas rapidamente.",
        },
        RecentYear = "strength.warning.recent_years" {
            en: "A recent year is one of the first things tried.",
            es: "Un año reciente es de lo primero que se prueba.",
            pt: "Um ano recente está entre as primeiras tentativas.",
        },
        WordByItself = "strength.warning.word_by_itself" {
            en: "A single dictionary word is quickly guessed.",
            es: "Una sola palabra del diccionario se adivina enseguida.",
            pt: "Uma única palavra do dicionário é adivinhada rapidamente.",
        },
        Date = "strength.warning.dates" {
            en: "Dates are among the first things tried.",
            es: "Las fechas son de lo primero que se prueba.",
            pt: "Datas estão entre as primeiras tentativas.",
        },
        NameByItself = "strength.warning.names_by_themselves" {
            en: "A first name or surname on its own is quickly guessed.",
            es: "Un nombre o un apellido solo se adivina enseguida.",
            pt: "Um nome ou sobrenome sozinho é adivinhado rapidamente.",
        },
        CommonName = "strength.warning.common_names" {
            en: "Frequent first names and surnames are quickly guessed.",
            es: "Los nombres y apellidos frecuentes se adivinan enseguida.",
            pt: "Nomes e sobrenomes frequentes são adivinhados rapidamente.",
        },
        // Suggestions.
        UseAFewWords = "strength.suggestion.use_a_few_words" {
            en: "Put several unrelated words together, not a known phrase.",
            es: "Junta varias palabras sin relación, no una frase conocida.",
            pt: "Junte várias palavras sem relação, não uma frase conhecida.",
        },
        NoNeedForSymbols = "strength.suggestion.no_need_for_symbols" {
            en: "Symbols, digits and capitals are not required.",
            es: "No hacen falta símbolos, dígitos ni mayúsculas.",
            pt: "Símbolos, dígitos e maiúsculas não são obrigatórios.",
        },
        AddAnotherWord = "strength.suggestion.add_another_word" {
            en: "Add one or two more words, the rarer the better.",
            es: "Añade una o dos palabras más; cuanto más raras, mejor.",
            pt: "Acrescente mais uma ou duas palavras; quanto mais raras, melhor.",
        },
        CapitalizationDoesntHelp = "strength.suggestion.capitalization_doesnt_help" {
            en: "A capital first letter adds little.",
            es: "Una mayúscula inicial aporta poco.",
            pt: "Uma maiúscula inicial acrescenta pouco.",
        },
        AllUppercase = "strength.suggestion.all_uppercase" {
            en: "All capitals are tried almost as soon as all lowercase.",
            es: "Todo en mayúsculas se prueba casi tan pronto como todo en minúsculas.",
            pt: "Tudo em maiúsculas é testado quase tão cedo quanto tudo em minúsculas.",
        },
        ReversedWords = "strength.suggestion.reversed_words" {
            en: "A word spelt backwards is tried too.",
            es: "Una palabra escrita al revés también se prueba.",
            pt: "Uma palavra escrita de trás para frente também é testada.",
        },
        PredictableSubstitutions = "strength.suggestion.predictable_substitutions" {
            en: "Swapping letters for look-alikes (“@” for “a”) adds little.",
            es: "Cambiar letras por signos parecidos («@» por «a») aporta poco.",
            pt: "Trocar letras por sinais parecidos (“@” por “a”) acrescenta pouco.",
        },
        LongerKeyboardPattern = "strength.suggestion.longer_keyboard_pattern" {
            en: "If you use a keyboard path, make it longer and change direction more often.",
            es: "Si usas un recorrido de teclado, hazlo más largo y cambia más de dirección.",
            pt: "Se usar um percurso no teclado, faça-o mais longo e mude mais de direção.",
        },
        AvoidRepeated = "strength.suggestion.avoid_repeated" {
            en: "Do not repeat words or characters.",
            es: "No repitas palabras ni caracteres.",
            pt: "Não repita palavras nem caracteres.",
        },
        AvoidSequences = "strength.suggestion.avoid_sequences" {
            en: "Do not use runs of letters or digits.",
            es: "No uses series de letras o dígitos.",
            pt: "Não use séries de letras ou dígitos.",
        },
        AvoidRecentYears = "strength.suggestion.avoid_recent_years" {
            en: "Leave out recent years.",
            es: "Deja fuera los años recientes.",
            pt: "Deixe de fora anos recentes.",
        },
        AvoidAssociatedYears = "strength.suggestion.avoid_associated_years" {
            en: "Leave out years that mean something to you.",
            es: "Deja fuera los años que signifiquen algo para ti.",
            pt: "Deixe de fora anos que signifiquem algo para você.",
        },
        AvoidAssociatedDates = "strength.suggestion.avoid_associated_dates" {
            en: "Leave out dates and years that mean something to you.",
            es: "Deja fuera las fechas y años que signifiquen algo para ti.",
            pt: "Deixe de fora datas e anos que signifiquem algo para você.",
        },
    }
}

catalogue! {
    /// The meter's text label for each score (colour is never the only signal).
    pub enum ScoreLabel {
        VeryWeak = "strength.score.0" {
            en: "Very weak",
            es: "Muy débil",
            pt: "Muito fraca",
        },
        Weak = "strength.score.1" {
            en: "Weak",
            es: "Débil",
            pt: "Fraca",
        },
        Fair = "strength.score.2" {
            en: "Fair",
            es: "Regular",
            pt: "Razoável",
        },
        Strong = "strength.score.3" {
            en: "Strong",
            es: "Fuerte",
            pt: "Forte",
        },
        VeryStrong = "strength.score.4" {
            en: "Very strong",
            es: "Muy fuerte",
            pt: "Muito forte",
        },
    }
}
