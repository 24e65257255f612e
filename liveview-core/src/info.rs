//! [`Info`]: a message for a view's `handle_info`, and the [`Decoder`]s that turn pubsub
//! broadcasts into one.
//!
//! Used by [`socket`](crate::socket) (`send_info`, `subscribe`) and by the transport that
//! delivers broadcasts; it knows neither.

use std::any::Any;
use std::sync::Arc;

/// A message for `handle_info`: any `Send` value, dispatched by type.
pub struct Info {
    msg: Box<dyn Any + Send>,
    /// For logs: a message no handler takes is named.
    type_name: &'static str,
}

impl std::fmt::Debug for Info {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Info({})", self.type_name)
    }
}

impl Info {
    /// Wraps a message.
    pub fn new<M: Any + Send>(msg: M) -> Self {
        Info { msg: Box::new(msg), type_name: std::any::type_name::<M>() }
    }

    /// Takes the message out if it is an `M`, or gives the info back.
    pub fn downcast<M: Any>(self) -> Result<M, Info> {
        match self.msg.downcast::<M>() {
            Ok(m) => Ok(*m),
            Err(msg) => Err(Info { msg, type_name: self.type_name }),
        }
    }

    /// Whether the message is an `M`.
    pub fn is<M: Any>(&self) -> bool {
        self.msg.is::<M>()
    }

    /// The message's type name (for logs).
    pub fn type_name(&self) -> &'static str {
        self.type_name
    }
}

/// Decodes a broadcast payload into a view's [`Info`], or `None` if it is not an `M`.
pub type Decoder = Arc<dyn Fn(&[u8]) -> Option<Info> + Send + Sync>;

/// The decoder for messages of type `M` (JSON).
pub fn decoder<M: serde::de::DeserializeOwned + Send + 'static>() -> Decoder {
    Arc::new(|bytes: &[u8]| match serde_json::from_slice::<M>(bytes) {
        Ok(m) => Some(Info::new(m)),
        Err(e) => {
            tracing::warn!(
                expected = std::any::type_name::<M>(),
                error = %e,
                "broadcast payload does not decode into the subscribed type; dropped"
            );
            None
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoder_accepts_its_type_and_drops_others() {
        #[derive(serde::Deserialize, PartialEq, Debug)]
        struct Msg {
            n: u32,
        }
        let d = decoder::<Msg>();
        let info = d(br#"{"n":3}"#).unwrap();
        assert_eq!(info.downcast::<Msg>().unwrap(), Msg { n: 3 });
        assert!(d(b"not json").is_none());
    }
}
