//! The origin family: every code `origins::validate` raises, with its message. Each message
//! says what is wrong and how to write the entry instead.

catalogue! {
    /// A code of the origins validator (`origin.*`).
    pub enum OriginCode {
        MissingScheme = "origin.missing_scheme" {
            en: "Start the origin with https:// or http://, as browsers send it: {suggestion}",
            es: "Empieza el origen con https:// o http://, como lo envían los navegadores: {suggestion}",
            pt: "Comece a origem com https:// ou http://, como os navegadores a enviam: {suggestion}",
        },
        UnsupportedScheme = "origin.unsupported_scheme" {
            en: "Browsers send CORS requests only from http:// and https:// origins, never from “{scheme}:”. Write the http(s) address of the site that makes the requests.",
            es: "Los navegadores solo envían peticiones CORS desde orígenes http:// y https://, nunca desde «{scheme}:». Escribe la dirección http(s) del sitio que hace las peticiones.",
            pt: "Os navegadores só enviam requisições CORS de origens http:// e https://, nunca de “{scheme}:”. Escreva o endereço http(s) do site que faz as requisições.",
        },
        MissingHost = "origin.missing_host" {
            en: "Add the host name after “://”, for example https://example.com.",
            es: "Agrega el nombre del host después de «://», por ejemplo https://example.com.",
            pt: "Adicione o nome do host depois de “://”, por exemplo https://example.com.",
        },
        InvalidHost = "origin.invalid_host" {
            en: "“{host}” is not a valid host name or IP address; check it for typos, spaces or stray characters.",
            es: "«{host}» no es un nombre de host ni una dirección IP válidos; revisa que no tenga errores de escritura, espacios ni caracteres de más.",
            pt: "“{host}” não é um nome de host nem um endereço IP válido; verifique se há erros de digitação, espaços ou caracteres a mais.",
        },
        InvalidPort = "origin.invalid_port" {
            en: "The port must be a number from 1 to 65535 (found “{port}”); correct it, or remove the colon and the port.",
            es: "El puerto debe ser un número del 1 al 65535 (se encontró «{port}»); corrígelo, o quita los dos puntos y el puerto.",
            pt: "A porta deve ser um número de 1 a 65535 (encontrado: “{port}”); corrija-a, ou remova os dois-pontos e a porta.",
        },
        InvalidSeparator = "origin.invalid_separator" {
            en: "Write the scheme, then “://”, then the host: {suggestion}",
            es: "Escribe el esquema, luego «://» y después el host: {suggestion}",
            pt: "Escreva o esquema, depois “://” e então o host: {suggestion}",
        },
        TrailingSlash = "origin.trailing_slash" {
            en: "Remove the slash at the end; browsers send the origin without it: {suggestion}",
            es: "Quita la barra del final; los navegadores envían el origen sin ella: {suggestion}",
            pt: "Remova a barra do final; os navegadores enviam a origem sem ela: {suggestion}",
        },
        HasPath = "origin.has_path" {
            en: "An origin has no path: remove “{path}” and write {suggestion}",
            es: "Un origen no lleva ruta: quita «{path}» y escribe {suggestion}",
            pt: "Uma origem não tem caminho: remova “{path}” e escreva {suggestion}",
        },
        HasQuery = "origin.has_query" {
            en: "An origin has no query string: remove everything from “?” on and write {suggestion}",
            es: "Un origen no lleva parámetros de consulta: quita todo desde «?» y escribe {suggestion}",
            pt: "Uma origem não tem parâmetros de consulta: remova tudo a partir de “?” e escreva {suggestion}",
        },
        HasFragment = "origin.has_fragment" {
            en: "An origin has no fragment: remove everything from “#” on and write {suggestion}",
            es: "Un origen no lleva fragmento: quita todo desde «#» y escribe {suggestion}",
            pt: "Uma origem não tem fragmento: remova tudo a partir de “#” e escreva {suggestion}",
        },
        HasCredentials = "origin.has_credentials" {
            en: "Remove the user name and password: browsers never send them in the origin, and they must not be stored here. Write {suggestion}",
            es: "Quita el usuario y la contraseña: los navegadores nunca los envían en el origen y no deben guardarse aquí. Escribe {suggestion}",
            pt: "Remova o usuário e a senha: os navegadores nunca os enviam na origem, e eles não devem ser guardados aqui. Escreva {suggestion}",
        },
        Wildcard = "origin.wildcard" {
            en: "Wildcards are not allowed: write each origin in full, for example https://app.example.com.",
            es: "No se permiten comodines: escribe cada origen completo, por ejemplo https://app.example.com.",
            pt: "Curingas não são permitidos: escreva cada origem por completo, por exemplo https://app.example.com.",
        },
        Null = "origin.null" {
            en: "Do not allow “null”: it is the origin of sandboxed frames, local files and some redirects, so any site could use it. Remove it.",
            es: "No permitas «null»: es el origen de los marcos aislados, los archivos locales y algunas redirecciones, así que cualquier sitio podría usarlo. Quítalo.",
            pt: "Não permita “null”: é a origem de frames isolados, arquivos locais e alguns redirecionamentos, então qualquer site poderia usá-la. Remova-a.",
        },
        MultipleInEntry = "origin.multiple_in_entry" {
            en: "This entry holds more than one origin; separate them with commas or line breaks: {suggestion}",
            es: "Esta entrada tiene más de un origen; sepáralos con comas o saltos de línea: {suggestion}",
            pt: "Esta entrada tem mais de uma origem; separe-as com vírgulas ou quebras de linha: {suggestion}",
        },
        ControlCharacter = "origin.control_character" {
            en: "Remove the invisible character {codePoint}; it usually comes from copying and pasting.",
            es: "Quita el carácter invisible {codePoint}; suele colarse al copiar y pegar.",
            pt: "Remova o caractere invisível {codePoint}; ele costuma aparecer ao copiar e colar.",
        },
        EmptyEntry = "origin.empty_entry" {
            en: "Empty entry: remove the extra comma.",
            es: "Entrada vacía: quita la coma sobrante.",
            pt: "Entrada vazia: remova a vírgula a mais.",
        },
        Duplicate = "origin.duplicate" {
            en: "{origin} is already in the list; remove this copy.",
            es: "{origin} ya está en la lista; quita esta copia.",
            pt: "{origin} já está na lista; remova esta cópia.",
        },
        InsecureScheme = "origin.insecure_scheme" {
            en: "This site uses HTTPS, but this origin uses plain http://, whose pages can be tampered with on the way. Write {suggestion} unless that site really has no HTTPS.",
            es: "Este sitio usa HTTPS, pero este origen usa http:// sin cifrar, cuyas páginas pueden alterarse por el camino. Escribe {suggestion}, salvo que ese sitio realmente no tenga HTTPS.",
            pt: "Este site usa HTTPS, mas esta origem usa http:// sem criptografia, cujas páginas podem ser adulteradas no caminho. Escreva {suggestion}, a menos que esse site realmente não tenha HTTPS.",
        },
        LocalAddress = "origin.local_address" {
            en: "{host} is a local address that only this machine or network can reach; keep it for development, not for production.",
            es: "{host} es una dirección local a la que solo llega este equipo o esta red; úsala para desarrollo, no en producción.",
            pt: "{host} é um endereço local que só esta máquina ou esta rede alcança; use-o para desenvolvimento, não em produção.",
        },
        TooLong = "origin.too_long" {
            en: "The list is too long ({length} bytes; the limit is {max}). Keep only the origins you need.",
            es: "La lista es demasiado larga ({length} bytes; el límite es {max}). Deja solo los orígenes que necesitas.",
            pt: "A lista é longa demais ({length} bytes; o limite é {max}). Mantenha só as origens de que precisa.",
        },
    }
}
