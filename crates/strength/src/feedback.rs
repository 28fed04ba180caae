//! What to tell the user: a warning about the piece that explains most of the password,
//! and suggestions. The crate gives codes; the caller words them.

use crate::matching::Dictionary;
use crate::{Pattern, Piece};

/// What stands out as weak.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Warning {
    StraightRow,
    ShortKeyboardPattern,
    RepeatedCharacter,
    RepeatedPiece,
    Top10Password,
    Top100Password,
    CommonPassword,
    SimilarToCommonPassword,
    Sequence,
    RecentYear,
    WordByItself,
    Date,
    NameByItself,
    CommonName,
}

/// How to do better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Suggestion {
    UseAFewWords,
    NoNeedForSymbols,
    AddAnotherWord,
    CapitalizationDoesntHelp,
    AllUppercase,
    ReversedWords,
    PredictableSubstitutions,
    LongerKeyboardPattern,
    AvoidRepeated,
    AvoidSequences,
    AvoidRecentYears,
    AvoidAssociatedYears,
    AvoidAssociatedDates,
}

impl Warning {
    pub const ALL: [Warning; 14] = [
        Warning::StraightRow,
        Warning::ShortKeyboardPattern,
        Warning::RepeatedCharacter,
        Warning::RepeatedPiece,
        Warning::Top10Password,
        Warning::Top100Password,
        Warning::CommonPassword,
        Warning::SimilarToCommonPassword,
        Warning::Sequence,
        Warning::RecentYear,
        Warning::WordByItself,
        Warning::Date,
        Warning::NameByItself,
        Warning::CommonName,
    ];
}

impl Suggestion {
    pub const ALL: [Suggestion; 13] = [
        Suggestion::UseAFewWords,
        Suggestion::NoNeedForSymbols,
        Suggestion::AddAnotherWord,
        Suggestion::CapitalizationDoesntHelp,
        Suggestion::AllUppercase,
        Suggestion::ReversedWords,
        Suggestion::PredictableSubstitutions,
        Suggestion::LongerKeyboardPattern,
        Suggestion::AvoidRepeated,
        Suggestion::AvoidSequences,
        Suggestion::AvoidRecentYears,
        Suggestion::AvoidAssociatedYears,
        Suggestion::AvoidAssociatedDates,
    ];
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Feedback {
    pub warning: Option<Warning>,
    pub suggestions: Vec<Suggestion>,
}

pub(crate) fn for_sequence(score: u8, sequence: &[Piece], lowercase: fn(&str) -> String) -> Feedback {
    if sequence.is_empty() {
        return Feedback {
            warning: None,
            suggestions: vec![Suggestion::UseAFewWords, Suggestion::NoNeedForSymbols],
        };
    }
    if score > 2 {
        return Feedback::default();
    }
    // The longest piece (the first of equals) speaks for the password.
    let mut longest: Option<&Piece> = None;
    for piece in sequence {
        if longest.is_none_or(|l| piece.end - piece.start > l.end - l.start) {
            longest = Some(piece);
        }
    }
    let (warning, mut suggestions) =
        longest.map_or((None, Vec::new()), |l| for_piece(l, sequence.len() == 1, lowercase));
    suggestions.insert(0, Suggestion::AddAnotherWord);
    Feedback { warning, suggestions }
}

fn for_piece(
    piece: &Piece,
    alone: bool,
    lowercase: fn(&str) -> String,
) -> (Option<Warning>, Vec<Suggestion>) {
    match &piece.pattern {
        Pattern::Dictionary { dictionary, rank, reversed, l33t } => {
            let warning = match dictionary {
                Dictionary::Passwords if alone && l33t.is_empty() && !reversed => Some(match rank {
                    0..=10 => Warning::Top10Password,
                    11..=100 => Warning::Top100Password,
                    _ => Warning::CommonPassword,
                }),
                Dictionary::Passwords if piece.guesses.log10() <= 4.0 => {
                    Some(Warning::SimilarToCommonPassword)
                }
                Dictionary::EnglishWikipedia if alone => Some(Warning::WordByItself),
                Dictionary::Surnames | Dictionary::MaleNames | Dictionary::FemaleNames => {
                    Some(if alone { Warning::NameByItself } else { Warning::CommonName })
                }
                _ => None,
            };
            let token: Vec<char> = piece.token.chars().collect();
            let upper = token.iter().filter(|c| c.is_ascii_uppercase()).count();
            let mut suggestions = Vec::new();
            let capitalised =
                token.first().is_some_and(char::is_ascii_uppercase) && upper == 1 && token.len() > 1;
            let no_lowercase = !token.iter().any(char::is_ascii_lowercase);
            if capitalised {
                suggestions.push(Suggestion::CapitalizationDoesntHelp);
            } else if no_lowercase && crate::matching::lower_text(&piece.token, lowercase) != piece.token {
                suggestions.push(Suggestion::AllUppercase);
            }
            if *reversed && token.len() >= 4 {
                suggestions.push(Suggestion::ReversedWords);
            }
            if !l33t.is_empty() {
                suggestions.push(Suggestion::PredictableSubstitutions);
            }
            (warning, suggestions)
        }
        Pattern::Spatial { turns, .. } => {
            let warning = if *turns == 1 { Warning::StraightRow } else { Warning::ShortKeyboardPattern };
            (Some(warning), vec![Suggestion::LongerKeyboardPattern])
        }
        Pattern::Repeat { base, .. } => {
            let warning =
                if base.chars().count() == 1 { Warning::RepeatedCharacter } else { Warning::RepeatedPiece };
            (Some(warning), vec![Suggestion::AvoidRepeated])
        }
        Pattern::Sequence { .. } => (Some(Warning::Sequence), vec![Suggestion::AvoidSequences]),
        Pattern::Year { .. } => {
            (Some(Warning::RecentYear), vec![Suggestion::AvoidRecentYears, Suggestion::AvoidAssociatedYears])
        }
        Pattern::Date { .. } => (Some(Warning::Date), vec![Suggestion::AvoidAssociatedDates]),
        Pattern::Bruteforce => (None, Vec::new()),
    }
}
