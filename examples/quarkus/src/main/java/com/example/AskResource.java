package com.example;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.apache.camel.ProducerTemplate;

/** {@code GET /ask?q=...}: sends the question to the YAML route ({@code direct:ask}) and answers with its text. */
@Path("/ask")
public class AskResource {

    @Inject
    ProducerTemplate producer;

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String ask(@QueryParam("q") String question) {
        return producer.requestBody("direct:ask", question, String.class);
    }
}
