package io.voiceagents.testkit.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TwimlParserTest {

    @Test
    void parsesVerbsAttributesNestingAndSsmlText() throws Exception {
        List<TwimlVerb> verbs = TwimlParser.parse("""
                <?xml version="1.0" encoding="UTF-8"?>
                <Response>
                  <Say voice="Google.en-US-Neural2-F">Hello <emphasis>there</emphasis>,
                     friend</Say>
                  <Gather input="speech" action="/next"><Play loop="2">https://x/a.wav</Play></Gather>
                  <Hangup/>
                </Response>""");
        assertThat(verbs).extracting(TwimlVerb::name).containsExactly("Say", "Gather", "Hangup");
        assertThat(verbs.get(0).text()).isEqualTo("Hello there, friend");
        assertThat(verbs.get(0).attr("voice")).isEqualTo("Google.en-US-Neural2-F");
        assertThat(verbs.get(1).children()).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo("Play");
            assertThat(p.text()).isEqualTo("https://x/a.wav");
            assertThat(p.attr("loop")).isEqualTo("2");
        });
    }

    @Test
    void rejectsNonTwimlAndExternalEntities() {
        assertThatThrownBy(() -> TwimlParser.parse("{\"not\":\"xml\"}")).isInstanceOf(TwimlParser.InvalidTwimlException.class);
        assertThatThrownBy(() -> TwimlParser.parse("<Html><Say>x</Say></Html>")).hasMessageContaining("<Response>");
        assertThatThrownBy(() -> TwimlParser.parse("<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<Response><Say>&x;</Say></Response>")).isInstanceOf(TwimlParser.InvalidTwimlException.class);
    }
}
