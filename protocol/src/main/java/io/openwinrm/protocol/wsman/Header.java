package io.openwinrm.protocol.wsman;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * The SOAP header block of a WS-Management message ([MS-WSMV] 3.1.4.1; DSP0226 5, 6).
 * Absent string headers are {@code null}; {@code selectors}/{@code options} are never null (empty sets instead).
 *
 * @param action          {@code wsa:Action}
 * @param to              {@code wsa:To}; not validated (pywinrm hard-codes {@code http://windows-host:5985/wsman})
 * @param messageId       {@code wsa:MessageID}, kept verbatim (RelatesTo must echo it byte for byte)
 * @param relatesTo       {@code wsa:RelatesTo} (responses)
 * @param replyTo         {@code wsa:ReplyTo/wsa:Address}
 * @param resourceUri     {@code w:ResourceURI}
 * @param maxEnvelopeSize {@code w:MaxEnvelopeSize} in bytes ([MS-WSMV] 3.1.4.1.7)
 * @param operationTimeout {@code w:OperationTimeout} ([MS-WSMV] 3.1.4.1.8)
 * @param locale          {@code w:Locale/@xml:lang}
 * @param dataLocale      {@code p:DataLocale/@xml:lang}
 * @param sessionId       {@code p:SessionId}
 */
public record Header(String action, String to, String messageId, String relatesTo, String replyTo,
        String resourceUri, SelectorSet selectors, OptionSet options, OptionalLong maxEnvelopeSize,
        Optional<Duration> operationTimeout, String locale, String dataLocale, String sessionId) {

    /** A header with nothing in it (the Identify request/response shape). */
    public static final Header EMPTY = builder().build();

    public Header {
        selectors = selectors == null ? SelectorSet.EMPTY : selectors;
        options = options == null ? OptionSet.EMPTY : options;
        maxEnvelopeSize = maxEnvelopeSize == null ? OptionalLong.empty() : maxEnvelopeSize;
        operationTimeout = operationTimeout == null ? Optional.empty() : operationTimeout;
    }

    /** A fresh random MessageID in the form Windows uses: {@code uuid:} plus an uppercase UUID. */
    public static String newMessageId() {
        return "uuid:" + UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
    }

    /**
     * A request header: the given action, resource and {@code wsa:To}, a fresh MessageID and the anonymous ReplyTo.
     * Add selectors, options and timeouts with the {@code with...} methods.
     */
    public static Header request(WsmanAction action, String resourceUri, String to) {
        return builder().action(action.uri()).to(to).messageId(newMessageId()).replyTo(ResourceUris.ANONYMOUS)
                .resourceUri(resourceUri).build();
    }

    /**
     * A response header for {@code request}: the given action URI, {@code wsa:To} anonymous, a fresh MessageID and
     * {@code RelatesTo} equal to the request's MessageID.
     */
    public static Header responseTo(Header request, String action) {
        return builder().action(action).to(ResourceUris.ANONYMOUS).messageId(newMessageId())
                .relatesTo(request == null ? null : request.messageId()).build();
    }

    /** Convenience: ShellId selector value, if present (case-insensitive name). */
    public Optional<String> shellId() {
        return selectors.get(SelectorSet.SHELL_ID);
    }

    public Header withAction(String v) {
        return toBuilder().action(v).build();
    }

    public Header withTo(String v) {
        return toBuilder().to(v).build();
    }

    public Header withMessageId(String v) {
        return toBuilder().messageId(v).build();
    }

    public Header withRelatesTo(String v) {
        return toBuilder().relatesTo(v).build();
    }

    public Header withReplyTo(String v) {
        return toBuilder().replyTo(v).build();
    }

    public Header withResourceUri(String v) {
        return toBuilder().resourceUri(v).build();
    }

    public Header withSelectors(SelectorSet v) {
        return toBuilder().selectors(v).build();
    }

    public Header withShellId(String shellId) {
        return toBuilder().selectors(SelectorSet.of(SelectorSet.SHELL_ID, shellId)).build();
    }

    public Header withOptions(OptionSet v) {
        return toBuilder().options(v).build();
    }

    public Header withMaxEnvelopeSize(long v) {
        return toBuilder().maxEnvelopeSize(OptionalLong.of(v)).build();
    }

    public Header withOperationTimeout(Duration v) {
        return toBuilder().operationTimeout(Optional.ofNullable(v)).build();
    }

    public Header withLocale(String v) {
        return toBuilder().locale(v).build();
    }

    public Header withDataLocale(String v) {
        return toBuilder().dataLocale(v).build();
    }

    public Header withSessionId(String v) {
        return toBuilder().sessionId(v).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().action(action).to(to).messageId(messageId).relatesTo(relatesTo).replyTo(replyTo)
                .resourceUri(resourceUri).selectors(selectors).options(options).maxEnvelopeSize(maxEnvelopeSize)
                .operationTimeout(operationTimeout).locale(locale).dataLocale(dataLocale).sessionId(sessionId);
    }

    /** Mutable builder; not thread-safe. */
    public static final class Builder {
        private String action;
        private String to;
        private String messageId;
        private String relatesTo;
        private String replyTo;
        private String resourceUri;
        private SelectorSet selectors = SelectorSet.EMPTY;
        private OptionSet options = OptionSet.EMPTY;
        private OptionalLong maxEnvelopeSize = OptionalLong.empty();
        private Optional<Duration> operationTimeout = Optional.empty();
        private String locale;
        private String dataLocale;
        private String sessionId;

        private Builder() {
        }

        public Builder action(String v) {
            action = v;
            return this;
        }

        public Builder to(String v) {
            to = v;
            return this;
        }

        public Builder messageId(String v) {
            messageId = v;
            return this;
        }

        public Builder relatesTo(String v) {
            relatesTo = v;
            return this;
        }

        public Builder replyTo(String v) {
            replyTo = v;
            return this;
        }

        public Builder resourceUri(String v) {
            resourceUri = v;
            return this;
        }

        public Builder selectors(SelectorSet v) {
            selectors = Objects.requireNonNullElse(v, SelectorSet.EMPTY);
            return this;
        }

        public Builder options(OptionSet v) {
            options = Objects.requireNonNullElse(v, OptionSet.EMPTY);
            return this;
        }

        public Builder maxEnvelopeSize(OptionalLong v) {
            maxEnvelopeSize = Objects.requireNonNullElse(v, OptionalLong.empty());
            return this;
        }

        public Builder maxEnvelopeSize(long v) {
            return maxEnvelopeSize(OptionalLong.of(v));
        }

        public Builder operationTimeout(Optional<Duration> v) {
            operationTimeout = Objects.requireNonNullElse(v, Optional.empty());
            return this;
        }

        public Builder operationTimeout(Duration v) {
            return operationTimeout(Optional.ofNullable(v));
        }

        public Builder locale(String v) {
            locale = v;
            return this;
        }

        public Builder dataLocale(String v) {
            dataLocale = v;
            return this;
        }

        public Builder sessionId(String v) {
            sessionId = v;
            return this;
        }

        public Header build() {
            return new Header(action, to, messageId, relatesTo, replyTo, resourceUri, selectors, options,
                    maxEnvelopeSize, operationTimeout, locale, dataLocale, sessionId);
        }
    }
}
