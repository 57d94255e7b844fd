package io.marketintel.http;

import java.net.URISyntaxException;

import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.http.common.HttpCommonEndpoint;
import org.apache.camel.http.common.HttpHelper;
import org.apache.camel.util.URISupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The URL an exchange called (or is about to call) on an http endpoint, as camel-http builds it: the endpoint's URI,
 * the {@code CamelHttpPath} header (CoinGecko's calls, and every {@code toD} to http, which Camel optimises into one
 * endpoint plus a path header) and the query. Sanitised: no user info, no key-like query parameter. Used by the API
 * call log, the empty-answer check and the dead letter's {@code endpoint}.
 */
public final class CalledUrl {

    private static final Logger LOG = LoggerFactory.getLogger(CalledUrl.class);

    private CalledUrl() {
    }

    /** For an endpoint URI as Camel records it ({@code CamelToEndpoint}, {@code CamelFailureEndpoint}). */
    public static String of(Exchange ex, String endpointUri) {
        if (endpointUri == null) {
            return null;
        }
        Endpoint endpoint = ex.getContext().hasEndpoint(endpointUri);
        return endpoint != null ? of(ex, endpoint) : clean(endpointUri);
    }

    public static String of(Exchange ex, Endpoint endpoint) {
        if (endpoint instanceof HttpCommonEndpoint http) {
            try {
                return clean(HttpHelper.createURI(ex, HttpHelper.createURL(ex, http), http).toString());
            } catch (URISyntaxException | RuntimeException e) {
                LOG.debug("cannot rebuild the URL of {}: {}", clean(endpoint.getEndpointUri()), e.toString());
            }
        }
        String uri = ex.getIn().getHeader(Exchange.HTTP_URI, String.class);
        if (uri == null) {
            uri = endpoint.getEndpointUri();
        }
        String query = ex.getIn().getHeader(Exchange.HTTP_QUERY, String.class);
        if (query != null && !query.isEmpty()) {
            int q = uri.indexOf('?');
            uri = (q < 0 ? uri : uri.substring(0, q)) + "?" + query;
        }
        return clean(uri);
    }

    static String clean(String uri) {
        return stripQuerySecrets(URISupport.sanitizeUri(uri));
    }

    /** Keys are sent as headers, never in URLs; this is a second line of defence for anything key-like. */
    public static String stripQuerySecrets(String uri) {
        if (uri == null) {
            return null;
        }
        return uri.replaceAll("(?i)([?&](x_cg_[a-z]+_api_key|api[_-]?key|key|token)=)[^&]*", "$1***");
    }
}
