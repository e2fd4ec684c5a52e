module.exports = require("./make.js")("ZfsDataset");
