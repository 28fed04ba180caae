//! The token family: every code the JWT inspector raises (`token.*`), with its message.
//! `{part}` is the RFC 7515 name of a segment (`header`, `payload`, `signature`), left
//! untranslated as the technical term it is.

catalogue! {
    /// A code of the JWT inspector (`token.*`).
    pub enum TokenCode {
        Empty = "token.empty" {
            en: "Paste a token to inspect it.",
            es: "Pega un token para inspeccionarlo.",
            pt: "Cole um token para inspecioná-lo.",
        },
        TooLong = "token.too_long" {
            en: "This token is {length} bytes long; tokens over {max} bytes are not inspected.",
            es: "Este token tiene {length} bytes; no se inspeccionan tokens de más de {max} bytes.",
            pt: "Este token tem {length} bytes; tokens com mais de {max} bytes não são inspecionados.",
        },
        Malformed = "token.malformed" {
            en: "Not a JWT: it has {parts} dot-separated part(s), but a signed token has 3 (header.payload.signature) and an encrypted one 5.",
            es: "No es un JWT: tiene {parts} parte(s) separadas por puntos, pero un token firmado tiene 3 (header.payload.signature) y uno cifrado 5.",
            pt: "Não é um JWT: tem {parts} parte(s) separadas por pontos, mas um token assinado tem 3 (header.payload.signature) e um criptografado 5.",
        },
        Encrypted = "token.encrypted" {
            en: "This is an encrypted token (JWE): only its header can be read.",
            es: "Este es un token cifrado (JWE): solo se puede leer su encabezado.",
            pt: "Este é um token criptografado (JWE): só é possível ler o seu cabeçalho.",
        },
        EmptyPart = "token.empty_part" {
            en: "Part {index} of the token ({part}) is empty.",
            es: "La parte {index} del token ({part}) está vacía.",
            pt: "A parte {index} do token ({part}) está vazia.",
        },
        InvalidBase64 = "token.invalid_base64" {
            en: "Part {index} of the token ({part}) is not valid base64url.",
            es: "La parte {index} del token ({part}) no es base64url válido.",
            pt: "A parte {index} do token ({part}) não é base64url válido.",
        },
        InvalidUtf8 = "token.invalid_utf8" {
            en: "Part {index} of the token ({part}) does not decode to UTF-8 text.",
            es: "La parte {index} del token ({part}) no se decodifica como texto UTF-8.",
            pt: "A parte {index} do token ({part}) não se decodifica como texto UTF-8.",
        },
        InvalidJson = "token.invalid_json" {
            en: "Part {index} of the token ({part}) is not valid JSON.",
            es: "La parte {index} del token ({part}) no es JSON válido.",
            pt: "A parte {index} do token ({part}) não é JSON válido.",
        },
        NotObject = "token.not_object" {
            en: "Part {index} of the token ({part}) must be a JSON object.",
            es: "La parte {index} del token ({part}) debe ser un objeto JSON.",
            pt: "A parte {index} do token ({part}) deve ser um objeto JSON.",
        },
        MissingAlg = "token.missing_alg" {
            en: "The header has no “alg” naming the signing algorithm.",
            es: "El encabezado no tiene un «alg» que indique el algoritmo de firma.",
            pt: "O cabeçalho não tem um “alg” que indique o algoritmo de assinatura.",
        },
        InvalidClaim = "token.invalid_claim" {
            en: "The “{claim}” claim must be a finite number of seconds since 1970 (a NumericDate).",
            es: "El claim «{claim}» debe ser un número finito de segundos desde 1970 (un NumericDate).",
            pt: "O claim “{claim}” deve ser um número finito de segundos desde 1970 (um NumericDate).",
        },
        Expired = "token.expired" {
            en: "This token expired {ago} ago.",
            es: "Este token expiró hace {ago}.",
            pt: "Este token expirou há {ago}.",
        },
        NotYetValid = "token.not_yet_valid" {
            en: "This token is not valid yet: it becomes valid in {in}.",
            es: "Este token aún no es válido: lo será dentro de {in}.",
            pt: "Este token ainda não é válido: será válido daqui a {in}.",
        },
        IssuedInFuture = "token.issued_in_future" {
            en: "This token says it was issued {ahead} from now: check the issuer's clock.",
            es: "Este token dice haberse emitido dentro de {ahead}: revisa el reloj del emisor.",
            pt: "Este token diz ter sido emitido daqui a {ahead}: verifique o relógio do emissor.",
        },
        MissingExp = "token.missing_exp" {
            en: "This token has no expiry (“exp”): it stays valid forever.",
            es: "Este token no tiene vencimiento («exp»): es válido para siempre.",
            pt: "Este token não tem expiração (“exp”): permanece válido para sempre.",
        },
        ExpInMilliseconds = "token.exp_in_milliseconds" {
            en: "“exp” is {exp}, which looks like milliseconds: a NumericDate counts seconds.",
            es: "«exp» vale {exp}, lo que parecen milisegundos: un NumericDate cuenta segundos.",
            pt: "“exp” vale {exp}, o que parecem milissegundos: um NumericDate conta segundos.",
        },
        LifetimeMismatch = "token.lifetime_mismatch" {
            en: "This token lives {lifetime} seconds (exp − iat), not the expected {expected}.",
            es: "Este token dura {lifetime} segundos (exp − iat), no los {expected} esperados.",
            pt: "Este token dura {lifetime} segundos (exp − iat), não os {expected} esperados.",
        },
        AlgNone = "token.alg_none" {
            en: "This token is unsigned (“alg”: “none”) and must never be accepted.",
            es: "Este token no está firmado («alg»: «none») y nunca debe aceptarse.",
            pt: "Este token não está assinado (“alg”: “none”) e nunca deve ser aceito.",
        },
        UnsupportedAlg = "token.unsupported_alg" {
            en: "The algorithm “{alg}” cannot be verified here; accepted: {allowed}.",
            es: "El algoritmo «{alg}» no se puede verificar aquí; se aceptan: {allowed}.",
            pt: "O algoritmo “{alg}” não pode ser verificado aqui; aceitos: {allowed}.",
        },
        InvalidSecret = "token.invalid_secret" {
            en: "The secret is not valid {encoding}; check the secret or its encoding.",
            es: "El secreto no es {encoding} válido; revisa el secreto o su codificación.",
            pt: "O segredo não é {encoding} válido; verifique o segredo ou a sua codificação.",
        },
        WeakSecret = "token.weak_secret" {
            en: "The secret is {bytes} bytes long; {alg} needs at least {min} (RFC 7518 §3.2).",
            es: "El secreto tiene {bytes} bytes; {alg} necesita al menos {min} (RFC 7518 §3.2).",
            pt: "O segredo tem {bytes} bytes; {alg} precisa de pelo menos {min} (RFC 7518 §3.2).",
        },
        SignatureInvalid = "token.signature_invalid" {
            en: "The signature does not match: the token was altered or signed with another secret.",
            es: "La firma no coincide: el token fue alterado o se firmó con otro secreto.",
            pt: "A assinatura não confere: o token foi alterado ou assinado com outro segredo.",
        },
        BearerPrefix = "token.bearer_prefix" {
            en: "The “Bearer” prefix was removed; the token is what follows it.",
            es: "Se quitó el prefijo «Bearer»; el token es lo que le sigue.",
            pt: "O prefixo “Bearer” foi removido; o token é o que vem depois dele.",
        },
    }
}
