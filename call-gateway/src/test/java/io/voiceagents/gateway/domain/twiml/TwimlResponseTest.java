package io.voiceagents.gateway.domain.twiml;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class TwimlResponseTest {

    @Test
    void emptyResponseIsSelfClosing() {
        assertThat(TwimlResponse.create().toXml()).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>");
    }

    @Test
    void gatherNestsThePromptAndIsFollowedByTheRedirect() {
        String xml = TwimlResponse.create()
                .gather(new TwimlResponse.SpeechGather("https://gw.example/twilio/voice/gather", "en-US"),
                        new Prompt.Play("https://gw.example/tts/audio/abc.wav"))
                .redirect("https://gw.example/twilio/voice/gather")
                .toXml();

        assertThat(xml).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response>"
                + "<Gather input=\"speech\" action=\"https://gw.example/twilio/voice/gather\" method=\"POST\""
                + " speechTimeout=\"auto\" language=\"en-US\" actionOnEmptyResult=\"true\">"
                + "<Play>https://gw.example/tts/audio/abc.wav</Play></Gather>"
                + "<Redirect method=\"POST\">https://gw.example/twilio/voice/gather</Redirect></Response>");
    }

    @Test
    void dialConnectsTheCallerToTheNumberEscaped() {
        assertThat(TwimlResponse.create().dial("+15005550199").toXml())
                .endsWith("<Response><Dial>+15005550199</Dial></Response>");
        assertThat(TwimlResponse.create().dial("<Hangup/>").toXml()).endsWith("<Dial>&lt;Hangup/&gt;</Dial></Response>");
    }

    @Test
    void sayLeavesOutMissingAttributesAndHangupCloses() {
        assertThat(TwimlResponse.create().say("Bye", null, "en-US").hangup().toXml())
                .endsWith("<Response><Say language=\"en-US\">Bye</Say><Hangup/></Response>");
    }

    @Test
    void untrustedTextIsEscapedAndTheDocumentStaysWellFormed() throws Exception {
        String caller = "<b>&\"' </Say><Hangup/> ]]> \u0000\u0007ok \uD83D\uDE00 \uD800";
        String xml = TwimlResponse.create()
                .say(caller, "Google.en-US-Neural2-F\"><Hangup/>", "en-US")
                .play("https://gw.example/a.wav?x=1&y=<2>")
                .toXml();

        assertThat(xml).doesNotContain("<b>").doesNotContain("<Hangup/>").contains("&lt;b&gt;&amp;&quot;&apos;");
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        Element response = doc.getDocumentElement();
        assertThat(response.getChildNodes().getLength()).isEqualTo(2);
        Element say = (Element) response.getElementsByTagName("Say").item(0);
        // control characters and the lone surrogate cannot travel in XML 1.0 and are dropped; the emoji stays
        assertThat(say.getTextContent()).isEqualTo("<b>&\"' </Say><Hangup/> ]]> ok \uD83D\uDE00 ");
        assertThat(say.getAttribute("voice")).isEqualTo("Google.en-US-Neural2-F\"><Hangup/>");
        assertThat(response.getElementsByTagName("Play").item(0).getTextContent())
                .isEqualTo("https://gw.example/a.wav?x=1&y=<2>");
    }

    @Test
    void connectStreamCarriesItsParametersAndTheVerbsAfterItRunWhenTheSocketCloses() {
        String xml = TwimlResponse.create()
                .connect(new TwimlResponse.MediaStream("wss://gw.example/twilio/media",
                        java.util.List.of(new TwimlResponse.Parameter("token", "abc-123_x"))))
                .say("Goodbye.", null, "en-US")
                .hangup()
                .toXml();

        assertThat(xml).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response>"
                + "<Connect><Stream url=\"wss://gw.example/twilio/media\"><Parameter name=\"token\" value=\"abc-123_x\"/>"
                + "</Stream></Connect><Say language=\"en-US\">Goodbye.</Say><Hangup/></Response>");
    }

    @Test
    void connectConversationRelayWritesItsAttributesAndAction() {
        String xml = TwimlResponse.create()
                .connect("https://gw.example/twilio/voice/relay-ended", new TwimlResponse.ConversationRelay(
                        "wss://gw.example/twilio/relay", "Hi, I'm Ada.", "en-US-Neural2-F", "en-US", "Google", "Google", true,
                        true, java.util.List.of(new TwimlResponse.Parameter("token", "t0k"))))
                .toXml();

        assertThat(xml).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response>"
                + "<Connect action=\"https://gw.example/twilio/voice/relay-ended\"><ConversationRelay"
                + " url=\"wss://gw.example/twilio/relay\" welcomeGreeting=\"Hi, I&apos;m Ada.\" voice=\"en-US-Neural2-F\""
                + " language=\"en-US\" ttsProvider=\"Google\" transcriptionProvider=\"Google\" dtmfDetection=\"true\""
                + " interruptible=\"true\"><Parameter name=\"token\" value=\"t0k\"/></ConversationRelay></Connect></Response>");
    }

    @Test
    void connectAttributesAndParametersAreEscapedAndBlankOnesLeftOut() throws Exception {
        String greeting = "Hi \"there\" <Hangup/> & welcome";
        String xml = TwimlResponse.create()
                .connect(null, new TwimlResponse.ConversationRelay("wss://gw.example/twilio/relay", greeting, "", null,
                        "Google", "Google", false, true,
                        java.util.List.of(new TwimlResponse.Parameter("token", "\"/><Hangup/>"))))
                .connect(new TwimlResponse.MediaStream("wss://gw.example/twilio/media", java.util.List.of()))
                .toXml();

        assertThat(xml).doesNotContain("<Hangup/>").doesNotContain(" voice=").doesNotContain(" language=")
                .doesNotContain("action=").contains("<Stream url=\"wss://gw.example/twilio/media\"/>");
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        Element relay = (Element) doc.getElementsByTagName("ConversationRelay").item(0);
        assertThat(relay.getAttribute("welcomeGreeting")).isEqualTo(greeting);
        assertThat(relay.getAttribute("dtmfDetection")).isEqualTo("false");
        Element parameter = (Element) relay.getElementsByTagName("Parameter").item(0);
        assertThat(parameter.getAttribute("value")).isEqualTo("\"/><Hangup/>");
        assertThat(doc.getElementsByTagName("Connect").getLength()).isEqualTo(2);
    }
}
