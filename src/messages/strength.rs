//! zxcvbn feedback (one code per warning and suggestion) and the meter's labels.

use super::Entry;

pub(crate) const ENTRIES: &[Entry] = &[
    // Warnings.
    Entry {
        key: "strength.warning.straight_rows_of_keys",
        en: "Straight rows of keys are easy to guess.",
        es: "Las filas rectas de teclas son fáciles de adivinar.",
        pt: "Fileiras retas de teclas são fáceis de adivinhar.",
    },
    Entry {
        key: "strength.warning.short_keyboard_patterns",
        en: "Short keyboard patterns are easy to guess.",
        es: "Los patrones de teclado cortos son fáciles de adivinar.",
        pt: "Padrões curtos de teclado são fáceis de adivinhar.",
    },
    Entry {
        key: "strength.warning.repeats_like_aaa",
        en: "Repeats like “aaa” are easy to guess.",
        es: "Las repeticiones como «aaa» son fáciles de adivinar.",
        pt: "Repetições como “aaa” são fáceis de adivinhar.",
    },
    Entry {
        key: "strength.warning.repeats_like_abcabc",
        en: "Repeats like “abcabcabc” are only slightly harder to guess than “abc”.",
        es: "Las repeticiones como «abcabcabc» son apenas más difíciles de adivinar que «abc».",
        pt: "Repetições como “abcabcabc” são só um pouco mais difíceis de adivinhar que “abc”.",
    },
    Entry {
        key: "strength.warning.top10_password",
        en: "This is a top-10 common password.",
        es: "Esta es una de las 10 contraseñas más comunes.",
        pt: "Esta é uma das 10 senhas mais comuns.",
    },
    Entry {
        key: "strength.warning.top100_password",
        en: "This is a top-100 common password.",
        es: "Esta es una de las 100 contraseñas más comunes.",
        pt: "Esta é uma das 100 senhas mais comuns.",
    },
    Entry {
        key: "strength.warning.common_password",
        en: "This is a very common password.",
        es: "Esta es una contraseña muy común.",
        pt: "Esta é uma senha muito comum.",
    },
    Entry {
        key: "strength.warning.similar_to_common_password",
        en: "This is similar to a commonly used password.",
        es: "Se parece a una contraseña de uso común.",
        pt: "É parecida com uma senha muito usada.",
    },
    Entry {
        key: "strength.warning.sequences_like_abc",
        en: "Sequences like abc or 6543 are easy to guess.",
        es: "Las secuencias como abc o 6543 son fáciles de adivinar.",
        pt: "Sequências como abc ou 6543 são fáceis de adivinhar.",
    },
    Entry {
        key: "strength.warning.recent_years",
        en: "Recent years are easy to guess.",
        es: "Los años recientes son fáciles de adivinar.",
        pt: "Anos recentes são fáceis de adivinhar.",
    },
    Entry {
        key: "strength.warning.word_by_itself",
        en: "A word by itself is easy to guess.",
        es: "Una palabra sola es fácil de adivinar.",
        pt: "Uma palavra sozinha é fácil de adivinhar.",
    },
    Entry {
        key: "strength.warning.dates",
        en: "Dates are often easy to guess.",
        es: "Las fechas suelen ser fáciles de adivinar.",
        pt: "Datas costumam ser fáceis de adivinhar.",
    },
    Entry {
        key: "strength.warning.names_by_themselves",
        en: "Names and surnames by themselves are easy to guess.",
        es: "Los nombres y apellidos solos son fáciles de adivinar.",
        pt: "Nomes e sobrenomes sozinhos são fáceis de adivinhar.",
    },
    Entry {
        key: "strength.warning.common_names",
        en: "Common names and surnames are easy to guess.",
        es: "Los nombres y apellidos comunes son fáciles de adivinar.",
        pt: "Nomes e sobrenomes comuns são fáceis de adivinhar.",
    },
    // Suggestions.
    Entry {
        key: "strength.suggestion.use_a_few_words",
        en: "Use a few words, avoid common phrases.",
        es: "Usa varias palabras y evita frases comunes.",
        pt: "Use algumas palavras e evite frases comuns.",
    },
    Entry {
        key: "strength.suggestion.no_need_for_symbols",
        en: "No need for symbols, digits, or uppercase letters.",
        es: "No hacen falta símbolos, dígitos ni mayúsculas.",
        pt: "Não são necessários símbolos, dígitos nem maiúsculas.",
    },
    Entry {
        key: "strength.suggestion.add_another_word",
        en: "Add another word or two. Uncommon words are better.",
        es: "Agrega una o dos palabras más. Mejor si son poco comunes.",
        pt: "Adicione mais uma ou duas palavras. Palavras incomuns são melhores.",
    },
    Entry {
        key: "strength.suggestion.capitalization_doesnt_help",
        en: "Capitalization doesn't help very much.",
        es: "Usar mayúsculas no ayuda mucho.",
        pt: "Usar maiúsculas não ajuda muito.",
    },
    Entry {
        key: "strength.suggestion.all_uppercase",
        en: "All-uppercase is almost as easy to guess as all-lowercase.",
        es: "Todo en mayúsculas es casi tan fácil de adivinar como todo en minúsculas.",
        pt: "Tudo em maiúsculas é quase tão fácil de adivinhar quanto tudo em minúsculas.",
    },
    Entry {
        key: "strength.suggestion.reversed_words",
        en: "Reversed words aren't much harder to guess.",
        es: "Las palabras al revés no son mucho más difíciles de adivinar.",
        pt: "Palavras invertidas não são muito mais difíceis de adivinhar.",
    },
    Entry {
        key: "strength.suggestion.predictable_substitutions",
        en: "Predictable substitutions like “@” instead of “a” don't help very much.",
        es: "Las sustituciones previsibles como «@» en lugar de «a» no ayudan mucho.",
        pt: "Substituições previsíveis como “@” no lugar de “a” não ajudam muito.",
    },
    Entry {
        key: "strength.suggestion.longer_keyboard_pattern",
        en: "Use a longer keyboard pattern with more turns.",
        es: "Usa un patrón de teclado más largo y con más giros.",
        pt: "Use um padrão de teclado mais longo e com mais curvas.",
    },
    Entry {
        key: "strength.suggestion.avoid_repeated",
        en: "Avoid repeated words and characters.",
        es: "Evita palabras y caracteres repetidos.",
        pt: "Evite palavras e caracteres repetidos.",
    },
    Entry {
        key: "strength.suggestion.avoid_sequences",
        en: "Avoid sequences.",
        es: "Evita las secuencias.",
        pt: "Evite sequências.",
    },
    Entry {
        key: "strength.suggestion.avoid_recent_years",
        en: "Avoid recent years.",
        es: "Evita los años recientes.",
        pt: "Evite anos recentes.",
    },
    Entry {
        key: "strength.suggestion.avoid_associated_years",
        en: "Avoid years that are associated with you.",
        es: "Evita los años relacionados contigo.",
        pt: "Evite anos associados a você.",
    },
    Entry {
        key: "strength.suggestion.avoid_associated_dates",
        en: "Avoid dates and years that are associated with you.",
        es: "Evita las fechas y años relacionados contigo.",
        pt: "Evite datas e anos associados a você.",
    },
    // The meter's text label for each score (colour is never the only signal).
    Entry { key: "strength.score.0", en: "Very weak", es: "Muy débil", pt: "Muito fraca" },
    Entry { key: "strength.score.1", en: "Weak", es: "Débil", pt: "Fraca" },
    Entry { key: "strength.score.2", en: "Fair", es: "Regular", pt: "Razoável" },
    Entry { key: "strength.score.3", en: "Strong", es: "Fuerte", pt: "Forte" },
    Entry { key: "strength.score.4", en: "Very strong", es: "Muy fuerte", pt: "Muito forte" },
];
