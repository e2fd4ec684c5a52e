module.exports = require("./make.js")("ContainerScript");
