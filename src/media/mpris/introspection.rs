//! What `org.freedesktop.DBus.Introspectable.Introspect` answers: the player's interfaces
//! from the table in player.rs, and the standard ones as the D-Bus specification writes them.

use std::fmt::Write;

use super::player::INTERFACES;

const DOCTYPE: &str = r#"<!DOCTYPE node PUBLIC "-//freedesktop//DTD D-BUS Object Introspection 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/introspect.dtd">
"#;

const PEER_AND_INTROSPECTABLE: &str = r#"  <interface name="org.freedesktop.DBus.Peer">
    <method name="Ping"/>
    <method name="GetMachineId">
      <arg name="machine_uuid" type="s" direction="out"/>
    </method>
  </interface>
  <interface name="org.freedesktop.DBus.Introspectable">
    <method name="Introspect">
      <arg name="xml_data" type="s" direction="out"/>
    </method>
  </interface>
"#;

const PROPERTIES: &str = r#"  <interface name="org.freedesktop.DBus.Properties">
    <method name="Get">
      <arg name="interface_name" type="s" direction="in"/>
      <arg name="property_name" type="s" direction="in"/>
      <arg name="value" type="v" direction="out"/>
    </method>
    <method name="GetAll">
      <arg name="interface_name" type="s" direction="in"/>
      <arg name="properties" type="a{sv}" direction="out"/>
    </method>
    <method name="Set">
      <arg name="interface_name" type="s" direction="in"/>
      <arg name="property_name" type="s" direction="in"/>
      <arg name="value" type="v" direction="in"/>
    </method>
    <signal name="PropertiesChanged">
      <arg name="interface_name" type="s"/>
      <arg name="changed_properties" type="a{sv}"/>
      <arg name="invalidated_properties" type="as"/>
    </signal>
  </interface>
"#;

/// The player's object: every interface it answers.
pub(super) fn player() -> String {
    let mut xml = format!("{DOCTYPE}<node>\n{PEER_AND_INTROSPECTABLE}{PROPERTIES}");
    for interface in INTERFACES {
        let _ = writeln!(xml, r#"  <interface name="{}">"#, interface.name);
        for (method, arguments) in interface.methods {
            if arguments.is_empty() {
                let _ = writeln!(xml, r#"    <method name="{method}"/>"#);
                continue;
            }
            let _ = writeln!(xml, r#"    <method name="{method}">"#);
            for (name, kind) in *arguments {
                let _ = writeln!(
                    xml,
                    r#"      <arg name="{name}" type="{kind}" direction="in"/>"#
                );
            }
            let _ = writeln!(xml, "    </method>");
        }
        for (name, kind) in interface.properties {
            let _ = writeln!(
                xml,
                r#"    <property name="{name}" type="{kind}" access="read"/>"#
            );
        }
        let _ = writeln!(xml, "  </interface>");
    }
    xml.push_str("</node>\n");
    xml
}

/// A path on the way to the player's (`/`, `/org`, `/org/mpris`): its one child.
pub(super) fn parent(child: &str) -> String {
    format!("{DOCTYPE}<node>\n{PEER_AND_INTROSPECTABLE}  <node name=\"{child}\"/>\n</node>\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_player_lists_its_methods_arguments_and_properties() {
        let xml = player();
        assert!(xml.contains(r#"<interface name="org.mpris.MediaPlayer2.Player">"#));
        assert!(xml.contains(
            "<method name=\"SetPosition\">\n      \
             <arg name=\"TrackId\" type=\"o\" direction=\"in\"/>\n      \
             <arg name=\"Position\" type=\"x\" direction=\"in\"/>\n    </method>"
        ));
        assert!(xml.contains(r#"<property name="Metadata" type="a{sv}" access="read"/>"#));
        assert!(xml.contains(r#"<property name="Identity" type="s" access="read"/>"#));
        assert_eq!(xml.matches("<interface ").count(), 5);
        assert_eq!(
            xml.matches("<interface ").count(),
            xml.matches("</interface>").count()
        );
    }
}
