package io.openwinrm.protocol.wsman;

import java.util.Optional;

/**
 * WS-Addressing Action URIs of the operations we serve or send ([MS-WSMV] 3.1.4.5 - 3.1.4.17).
 * The response action is always the request URI followed by {@code Response}.
 */
public enum WsmanAction {
    CREATE("http://schemas.xmlsoap.org/ws/2004/09/transfer/Create"),
    DELETE("http://schemas.xmlsoap.org/ws/2004/09/transfer/Delete"),
    GET("http://schemas.xmlsoap.org/ws/2004/09/transfer/Get"),
    PUT("http://schemas.xmlsoap.org/ws/2004/09/transfer/Put"),
    ENUMERATE("http://schemas.xmlsoap.org/ws/2004/09/enumeration/Enumerate"),
    PULL("http://schemas.xmlsoap.org/ws/2004/09/enumeration/Pull"),
    RELEASE("http://schemas.xmlsoap.org/ws/2004/09/enumeration/Release"),
    COMMAND("http://schemas.microsoft.com/wbem/wsman/1/windows/shell/Command"),
    SEND("http://schemas.microsoft.com/wbem/wsman/1/windows/shell/Send"),
    RECEIVE("http://schemas.microsoft.com/wbem/wsman/1/windows/shell/Receive"),
    SIGNAL("http://schemas.microsoft.com/wbem/wsman/1/windows/shell/Signal"),
    DISCONNECT("http://schemas.microsoft.com/wbem/wsman/1/windows/shell/Disconnect"),
    RECONNECT("http://schemas.microsoft.com/wbem/wsman/1/windows/shell/Reconnect"),
    CONNECT("http://schemas.microsoft.com/wbem/wsman/1/windows/shell/Connect");

    /** Action of every WS-Management fault ([MS-WSMV] 3.1.4.1.30). */
    public static final String WSMAN_FAULT = "http://schemas.dmtf.org/wbem/wsman/1/wsman/fault";
    /** Action of WS-Addressing / SOAP level faults (InvalidMessageInformationHeader, MustUnderstand). */
    public static final String ADDRESSING_FAULT = "http://schemas.xmlsoap.org/ws/2004/08/addressing/fault";
    /** Action of WS-Enumeration faults (WS-Enumeration 4; recorded: winrb-enumerate-fault-v1.response.xml). */
    public static final String ENUMERATION_FAULT = "http://schemas.xmlsoap.org/ws/2004/09/enumeration/fault";

    private final String uri;
    private final String responseUri;

    WsmanAction(String uri) {
        this.uri = uri;
        this.responseUri = uri + "Response";
    }

    public String uri() {
        return uri;
    }

    public String responseUri() {
        return responseUri;
    }

    /** Finds the action whose request URI equals {@code uri} exactly (Action is case-sensitive). */
    public static Optional<WsmanAction> fromUri(String uri) {
        if (uri == null) {
            return Optional.empty();
        }
        for (WsmanAction a : values()) {
            if (a.uri.equals(uri)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** Finds the action whose response URI equals {@code uri}. */
    public static Optional<WsmanAction> fromResponseUri(String uri) {
        if (uri == null) {
            return Optional.empty();
        }
        for (WsmanAction a : values()) {
            if (a.responseUri.equals(uri)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
