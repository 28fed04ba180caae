//! The units of a duration in words: zxcvbn's crack-time display and the token inspector's
//! "expired 3 hours ago" share them (see `display_time`).

catalogue! {
    /// A duration's words.
    pub enum TimeWords {
        Instant = "time.instant" {
            en: "less than a second",
            es: "menos de un segundo",
            pt: "menos de um segundo",
        },
        Second = "time.second" {
            en: "1 second",
            es: "1 segundo",
            pt: "1 segundo",
        },
        Seconds = "time.seconds" {
            en: "{n} seconds",
            es: "{n} segundos",
            pt: "{n} segundos",
        },
        Minute = "time.minute" {
            en: "1 minute",
            es: "1 minuto",
            pt: "1 minuto",
        },
        Minutes = "time.minutes" {
            en: "{n} minutes",
            es: "{n} minutos",
            pt: "{n} minutos",
        },
        Hour = "time.hour" {
            en: "1 hour",
            es: "1 hora",
            pt: "1 hora",
        },
        Hours = "time.hours" {
            en: "{n} hours",
            es: "{n} horas",
            pt: "{n} horas",
        },
        Day = "time.day" {
            en: "1 day",
            es: "1 día",
            pt: "1 dia",
        },
        Days = "time.days" {
            en: "{n} days",
            es: "{n} días",
            pt: "{n} dias",
        },
        Month = "time.month" {
            en: "1 month",
            es: "1 mes",
            pt: "1 mês",
        },
        Months = "time.months" {
            en: "{n} months",
            es: "{n} meses",
            pt: "{n} meses",
        },
        Year = "time.year" {
            en: "1 year",
            es: "1 año",
            pt: "1 ano",
        },
        Years = "time.years" {
            en: "{n} years",
            es: "{n} años",
            pt: "{n} anos",
        },
        Centuries = "time.centuries" {
            en: "centuries",
            es: "siglos",
            pt: "séculos",
        },
    }
}
