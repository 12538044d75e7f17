package io.voiceagents.testkit.twilio;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/** Parses a TwiML document ({@code <Response>...</Response>}) into {@link TwimlVerb}s, as Twilio reads it. */
public final class TwimlParser {

    private TwimlParser() {
    }

    /** Thrown for anything Twilio would reject as "invalid TwiML" (error 12100). */
    public static final class InvalidTwimlException extends Exception {
        public InvalidTwimlException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public static List<TwimlVerb> parse(String xml) throws InvalidTwimlException {
        Element root;
        try {
            root = builder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))).getDocumentElement();
        } catch (SAXException | IOException e) {
            throw new InvalidTwimlException("Document parse failure (Twilio error 12100): " + e.getMessage(), e);
        }
        if (!"Response".equals(root.getTagName())) {
            throw new InvalidTwimlException("Root element must be <Response>, got <" + root.getTagName() + ">", null);
        }
        return children(root);
    }

    private static List<TwimlVerb> children(Element parent) {
        List<TwimlVerb> verbs = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element e) {
                verbs.add(verb(e));
            }
        }
        return verbs;
    }

    private static TwimlVerb verb(Element e) {
        Map<String, String> attributes = new LinkedHashMap<>();
        NamedNodeMap attrs = e.getAttributes();
        for (int i = 0; i < attrs.getLength(); i++) {
            Node a = attrs.item(i);
            attributes.put(a.getNodeName(), a.getNodeValue());
        }
        StringBuilder text = new StringBuilder();
        NodeList nodes = e.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node n = nodes.item(i);
            if (n.getNodeType() == Node.TEXT_NODE || n.getNodeType() == Node.CDATA_SECTION_NODE) {
                text.append(n.getNodeValue());
            } else if (n instanceof Element child && isSsml(child)) {
                // SSML inside <Say> (e.g. <break/>, <emphasis>) is still spoken text
                text.append(child.getTextContent());
            }
        }
        List<TwimlVerb> kids = isSsmlContainer(e) ? List.of() : children(e);
        return new TwimlVerb(e.getTagName(), attributes, text.toString().strip().replaceAll("\\s+", " "), kids);
    }

    private static boolean isSsmlContainer(Element e) {
        return "Say".equals(e.getTagName());
    }

    private static boolean isSsml(Element e) {
        Node parent = e.getParentNode();
        return parent instanceof Element p && isSsmlContainer(p);
    }

    private static DocumentBuilder builder() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            // TwiML comes from the system under test: no DTDs or external entities
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setExpandEntityReferences(false);
            f.setNamespaceAware(false);
            return f.newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("XML parser unavailable", e);
        }
    }
}
