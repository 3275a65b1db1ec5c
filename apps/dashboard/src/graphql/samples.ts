import { gql } from 'urql';

/** Top-1 confidences of a page of samples of every run (histogram input). */
export const SAMPLE_SCORES_QUERY = gql`
  query SampleScores($id: ID!, $offset: Int!, $limit: Int!) {
    audit(id: $id) {
      id
      runs { index samples(offset: $offset, limit: $limit) { index score } }
    }
  }
`;

/** Top-1 label and confidence of a page of samples of every run (the grid's sort and filters). */
export const SAMPLE_SUMMARIES_QUERY = gql`
  query SampleSummaries($id: ID!, $offset: Int!, $limit: Int!) {
    audit(id: $id) {
      id
      runs { index samples(offset: $offset, limit: $limit) { index label score } }
    }
  }
`;

/** A page of samples for the grid. */
export const SAMPLE_PAGE_QUERY = gql`
  query SamplePage($id: ID!, $offset: Int!, $limit: Int!) {
    audit(id: $id) {
      id
      runs { index samples(offset: $offset, limit: $limit) { index label score imageUrl } }
    }
  }
`;

export const SAMPLE_QUERY = gql`
  query Sample($id: ID!, $index: Int!) {
    audit(id: $id) {
      id
      count
      status
      runs {
        index
        model
        kind
        noise { kind seed width height channels rng params { mean std low high density scale color } }
        sample(index: $index) {
          index
          label
          score
          imageUrl
          topK { classIndex label score }
        }
      }
    }
  }
`;
