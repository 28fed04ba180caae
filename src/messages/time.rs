//! The units of a duration in words: zxcvbn's crack-time display and the token inspector's
//! "expired 3 hours ago" share them (see `display_time`).

use super::Entry;

pub(crate) const ENTRIES: &[Entry] = &[
    Entry {
        key: "time.instant",
        en: "less than a second",
        es: "menos de un segundo",
        pt: "menos de um segundo",
    },
    Entry { key: "time.second", en: "1 second", es: "1 segundo", pt: "1 segundo" },
    Entry { key: "time.seconds", en: "{n} seconds", es: "{n} segundos", pt: "{n} segundos" },
    Entry { key: "time.minute", en: "1 minute", es: "1 minuto", pt: "1 minuto" },
    Entry { key: "time.minutes", en: "{n} minutes", es: "{n} minutos", pt: "{n} minutos" },
    Entry { key: "time.hour", en: "1 hour", es: "1 hora", pt: "1 hora" },
    Entry { key: "time.hours", en: "{n} hours", es: "{n} horas", pt: "{n} horas" },
    Entry { key: "time.day", en: "1 day", es: "1 día", pt: "1 dia" },
    Entry { key: "time.days", en: "{n} days", es: "{n} días", pt: "{n} dias" },
    Entry { key: "time.month", en: "1 month", es: "1 mes", pt: "1 mês" },
    Entry { key: "time.months", en: "{n} months", es: "{n} meses", pt: "{n} meses" },
    Entry { key: "time.year", en: "1 year", es: "1 año", pt: "1 ano" },
    Entry { key: "time.years", en: "{n} years", es: "{n} años", pt: "{n} anos" },
    Entry { key: "time.centuries", en: "centuries", es: "siglos", pt: "séculos" },
];
